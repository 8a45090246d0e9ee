import CarnetCore
@testable import CarnetReports
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Reports: query plans")
struct QueryPlanTests {
    /// SQLite's plan for a query, one detail line per step.
    static func plan(_ world: ReportsWorld, _ sql: String, _ binds: [SQLValue]) async throws -> [String] {
        try await world.services.database.read { conn in
            try conn.query("EXPLAIN QUERY PLAN " + sql, binds).compactMap { $0.string("detail") }
        }
    }

    @Test("the forecast by month reads only the open deals closing in the period, from the module's covering index")
    func forecast() async throws {
        try await ReportsWorld.with(.sqlite) { world in
            _ = try await SalesHistory.build(world)
            let service = ForecastService(context: world.services.context, settings: world.settings)
            let period = ReportPeriod(from: ReportMonth("2026-01")!, to: ReportMonth("2026-12")!)
            let (sql, binds) = service.linesQuery(key: "SUBSTR(d.expected_close, 1, 7)", joins: "", period, ReportFilters())
            let plan = try await Self.plan(world, sql, binds)
            #expect(plan.contains { $0.contains("COVERING INDEX reports_deals_closing (pipeline=? AND stage=? AND expected_close>? AND expected_close<?)") },
                    "\(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN d") }, "\(plan)")
        }
    }

    @Test("the funnel takes the period's stage entries through the history's time index")
    func funnel() async throws {
        try await ReportsWorld.with(.sqlite) { world in
            _ = try await SalesHistory.build(world)
            let service = FunnelService(context: world.services.context)
            let period = ReportPeriod(from: ReportMonth("2026-02")!, to: ReportMonth("2026-02")!)
            let (entries, binds) = service.entriesSQL(period, ReportFilters())
            let plan = try await Self.plan(world, entries + " SELECT stage, next_stage, COUNT(*) AS n FROM entries GROUP BY stage, next_stage", binds)
            #expect(plan.contains { $0.contains("reports_history_time") }, "\(plan)")
            #expect(!plan.contains { $0 == "SCAN deal_stage_history" || $0 == "SCAN d" }, "\(plan)")
        }
    }
}
