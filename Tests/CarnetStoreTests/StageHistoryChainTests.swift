import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Stage history: each entry's next move")
struct StageHistoryChainTests {
    @Test("a move closes the entry it ends with where the deal went and when; the current entry stays open", arguments: Backend.available)
    func chained(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id)
            clock.advance(by: 3_600)
            _ = try await services.updateDeal(deal.id) { $0.stage = "lost"; $0.lostReason = "Prix trop élevé" }
            let rows = try await Self.chain(deal.id, services)
            #expect(rows == [
                ["lead", "lost", String(Timestamp.millis(clock.now))],
                ["lost", "", ""],
            ])
        }
    }

    @Test("migration 10 fills the next move of the history written before it, as the moves do", arguments: Backend.available)
    func backfill(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            var deals: [String] = []
            for name in ["Anvils", "Bells", "Clocks"] {
                let contact = try await services.makeContact("Ana", name)
                let deal = try await services.makeDeal(name, contactID: contact.id)
                clock.advance(by: 60)
                if name != "Clocks" { _ = try await services.updateDeal(deal.id) { $0.stage = "lost"; $0.lostReason = "Projet reporté" } }
                clock.advance(by: 60)
                deals.append(deal.id)
            }
            var written: [[[String]]] = []
            for id in deals { written.append(try await Self.chain(id, services)) }
            let migration = try #require(CoreMigrations.all.first { $0.number == 10 })
            try await services.database.write { conn in
                try conn.execute("UPDATE deal_stage_history SET next_stage = NULL, left_at = NULL")
                for statement in migration.statements(conn.dialect.dialect).dropFirst(2) { try conn.execute(statement) }
            }
            var filled: [[[String]]] = []
            for id in deals { filled.append(try await Self.chain(id, services)) }
            #expect(filled == written)
            #expect(written[0].count == 2 && written[0][0][1] == "lost")
        }
    }

    /// Each history row of a deal in order: its stage, the next stage and when it left ("" for none).
    static func chain(_ dealID: String, _ services: Services) async throws -> [[String]] {
        try await services.database.read { conn in
            try conn.query("SELECT to_stage, next_stage, left_at FROM deal_stage_history WHERE deal_id = ? ORDER BY at, id", [.text(dealID)]).map {
                [$0.string("to_stage") ?? "", $0.string("next_stage") ?? "", $0.int64("left_at").map(String.init) ?? ""]
            }
        }
    }
}
