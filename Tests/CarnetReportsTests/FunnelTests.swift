import CarnetCore
@testable import CarnetReports
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Reports: funnel and losses")
struct FunnelTests {
    /// A stage row as [entered, moved on, moved back, lost, still there].
    static func fates(_ stage: FunnelStage?) -> [Int] {
        guard let stage else { return [] }
        return [stage.entered, stage.movedOn, stage.movedBack, stage.lost, stage.stillThere]
    }

    @Test("February's funnel from the stage history: entries, fates, conversions, days in stage and the leak", arguments: Backend.available)
    func february(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            _ = try await SalesHistory.build(world)
            let funnel = try await world.funnel(from: "2026-02", to: "2026-02")
            #expect(funnel.previousFrom == "2026-01" && funnel.previousTo == "2026-01")
            let stages = Dictionary(uniqueKeysWithValues: funnel.stages.map { ($0.stage, $0) })
            #expect(funnel.stages.map(\.stage) == ["lead", "qualified", "meeting", "proposal", "negotiation"])
            // lead: F1–F4 created on the 2nd and F3 back on the 5th. F1, F2, F3 moved on; F4 and F3's return are still there.
            #expect(Self.fates(stages["lead"]) == [5, 3, 0, 0, 2])
            // qualified: F1 moved on to meeting, F3 back to lead, F2 stays.
            #expect(Self.fates(stages["qualified"]) == [3, 1, 1, 0, 1])
            // meeting: J2 (won on the 20th) and F1 (proposal on the 6th).
            #expect(Self.fates(stages["meeting"]) == [2, 2, 0, 0, 0])
            // proposal: F1, lost on the 10th.
            #expect(Self.fates(stages["proposal"]) == [1, 0, 0, 1, 0])
            #expect(Self.fates(stages["negotiation"]) == [0, 0, 0, 0, 0])
            #expect(stages["lead"]?.conversion == 3.0 / 5.0)
            #expect(stages["qualified"]?.conversion == 1.0 / 3.0)
            #expect(stages["meeting"]?.conversion == 1.0)
            #expect(stages["proposal"]?.conversion == 0.0)
            #expect(stages["negotiation"]?.conversion == nil)
            // Days in stage of the entries that left before 1 March: lead 1, 1, 2; qualified 2, 1; meeting 17, 1; proposal 4.
            #expect(funnel.stages.map(\.medianDaysInStage) == [1.0, 1.5, 9.0, 4.0, nil])
            // January: lead J1, J2 on, J3 lost (2/3); qualified J1 on, J2 still until February (1/2); meeting and proposal J1 on.
            #expect(funnel.stages.map(\.previousEntered) == [3, 2, 1, 1, 0])
            #expect(funnel.stages.map(\.previousConversion) == [2.0 / 3.0, 0.5, 1.0, 1.0, nil])
            // Drops: lead 2/3 → 3/5, qualified 1/2 → 1/3, meeting none, proposal 1 → 0: the leak is proposal.
            #expect(funnel.leak == FunnelLeak(stage: "proposal", conversion: 0, previousConversion: 1, drop: 1))
            #expect(funnel.wonEntries == 1)
            // F1–F4 were created in February and none was won by its end.
            #expect(funnel.endToEnd == EndToEnd(created: 4, won: 0, conversion: 0))
            let january = try await world.funnel(from: "2026-01", to: "2026-01")
            // J1, J2, J3 created in January; J1 won on the 12th (J2 only in February).
            #expect(january.endToEnd == EndToEnd(created: 3, won: 1, conversion: 1.0 / 3.0))
        }
    }

    @Test("the owner filter keeps that owner's deals; no drop means no leak", arguments: Backend.available)
    func owner(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            let sales = try await SalesHistory.build(world)
            let funnel = try await world.funnel(from: "2026-02", to: "2026-02", owner: sales.bob.id)
            // Bob's F3 (twice) and F4 entered lead; only F3's first entry moved on. F3 went back from qualified.
            #expect(Self.fates(funnel.stages.first) == [3, 1, 0, 0, 2])
            #expect(Self.fates(funnel.stages[1]) == [1, 0, 1, 0, 0])
            // In January Bob's J3 was lost from lead (0 %): his lead conversion rose, and qualified had no January entry.
            #expect(funnel.stages.first?.previousConversion == 0)
            #expect(funnel.leak == nil)
        }
    }

    @Test("losses: reasons by stage lost from and owner, win rate, won size per currency, sales cycle", arguments: Backend.available)
    func losses(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            let sales = try await SalesHistory.build(world)
            let losses = try await world.losses(from: "2026-01", to: "2026-02")
            // Won J1, J2; lost J3 (from lead, Bob, budget) and F1 (from proposal, Ana, price).
            #expect([losses.won, losses.lost] as [Int] == [2, 2])
            #expect(losses.winRate == 0.5)
            #expect(losses.reasons == [LossReason(stage: "lead", ownerID: sales.bob.id, reason: "budget", deals: 1),
                                       LossReason(stage: "proposal", ownerID: sales.ana.id, reason: "price", deals: 1)])
            let owners = Dictionary(uniqueKeysWithValues: losses.owners.compactMap { line in line.ownerID.map { ($0, line) } })
            #expect(owners[sales.ana.id] == OwnerOutcome(ownerID: sales.ana.id, won: 2, lost: 1, winRate: 2.0 / 3.0))
            #expect(owners[sales.bob.id] == OwnerOutcome(ownerID: sales.bob.id, won: 0, lost: 1, winRate: 0))
            // (100000 + 250001) / 2 = 175000.5 → 175001.
            #expect(losses.wonSize == [WonSize(currency: "EUR", deals: 2, amount: 350_001, average: 175_001)])
            // J1: 5 → 12 January, 7 days; J2: 5 January → 20 February, 46 days.
            #expect(losses.medianSalesCycleDays == 26.5)
            let february = try await world.losses(from: "2026-02", to: "2026-02")
            #expect([february.won, february.lost] as [Int] == [1, 1])
            #expect(february.reasons.map(\.reason) == ["price"])
            #expect(february.medianSalesCycleDays == 46)
            let bob = try await world.losses(from: "2026-01", to: "2026-02", owner: sales.bob.id)
            #expect([bob.won, bob.lost] as [Int] == [0, 1])
            #expect(bob.winRate == 0)
            #expect(bob.wonSize.isEmpty && bob.medianSalesCycleDays == nil)
        }
    }

    @Test("an owner, a territory, a currency or a pipeline that does not exist is a problem naming it", arguments: Backend.available)
    func unknownFilters(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            _ = try await SalesHistory.build(world)
            var filters = ReportFilters()
            filters.ownerID = "usr_nobody"
            filters.territory = "Atlantis"
            let input = filters
            let error = await #expect(throws: CarnetError.self) {
                try await world.services.database.read { conn in try input.check(conn) }
            }
            guard case .validation(let fields)? = error else { Issue.record("expected a validation error"); return }
            #expect(fields.map(\.field) == ["owner", "territory"])
            #expect(throws: CarnetError.self) {
                try ReportFilters.parse(["pipeline": "other"], accepting: ["pipeline"], pipeline: .standard)
            }
            #expect(throws: CarnetError.self) {
                try ReportFilters.parse(["currency": "EURO"], accepting: ["currency"], pipeline: .standard)
            }
            let fine = try ReportFilters.parse(["pipeline": "default", "territory": "Bretagne"], accepting: ["pipeline", "territory"], pipeline: .standard)
            #expect(fine.territory == "Bretagne")
        }
    }
}
