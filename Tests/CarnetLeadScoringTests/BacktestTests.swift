import CarnetCore
import CarnetLeadScoring
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Backtest")
struct BacktestTests {
    func deal(_ world: ScoringWorld, _ contact: Contact, won: Bool) async throws {
        let json = won ? #"{"title":"Deal","contact_id":"\#(contact.id)","stage":"won","amount":100000}"#
            : #"{"title":"Deal","contact_id":"\#(contact.id)","stage":"lost","lost_reason":"price"}"#
        let patch = try ScoringWorld.decode(DealPatch.self, json)
        _ = try await world.write { services, conn in try services.deals.create(patch, actor: .system, conn) }
    }

    @Test("deals closed in the window are scored as of their creation, by band, with the AUC; later signals and older deals do not count", arguments: Backend.available)
    func table(backend: Backend) async throws {
        try await ScoringWorld.with(backend) { world in
            // A deal closed 201 days ago is outside a 6-month window.
            let old = try await world.contact(#"{"last_name":"Old","title":"CEO"}"#)
            try await world.formSubmitted(by: old)
            try await deal(world, old, won: true)
            world.clock.advance(by: 200 * 86_400)
            let hotWon = try await world.contact(#"{"last_name":"A","title":"CEO"}"#)
            let hotLost = try await world.contact(#"{"last_name":"B","title":"CEO"}"#)
            let warmWon = try await world.contact(#"{"last_name":"C","title":"CEO"}"#)
            let coldLost = try await world.contact(#"{"last_name":"D"}"#)
            let lateLost = try await world.contact(#"{"last_name":"E"}"#)
            let coldWon = try await world.contact(#"{"last_name":"F","title":"CEO"}"#)
            for contact in [hotWon, hotLost] {
                try await world.formSubmitted(by: contact)
                try await world.activity(.meeting, on: contact)
            }
            try await world.formSubmitted(by: warmWon)
            try await world.work()
            // A day later: form 25 × 0.5^(1/30) = 24.4 → 24, meeting 30 × 0.5^(1/45) = 29.5 → 30, active this week +10,
            // CEO +15: 79 (hot) with a meeting, 49 (warm) without, 15 (cold) with neither.
            world.clock.advance(by: 86_400)
            try await deal(world, hotWon, won: true)
            try await deal(world, hotLost, won: false)
            try await deal(world, warmWon, won: true)
            try await deal(world, coldLost, won: false)
            try await deal(world, lateLost, won: false)
            try await deal(world, coldWon, won: true)
            world.clock.advance(by: 3600)
            try await world.activity(.meeting, on: lateLost)
            try await world.work()
            let report = try await world.services.database.read { [context = world.services.context] conn in
                try BacktestService(context: context).run(months: 6, model: .standard, conn)
            }
            #expect(report.deals == 6)
            #expect(report.won == 3)
            #expect(report.bands.map(\.band) == [.cold, .warm, .hot])
            #expect(report.bands.map(\.deals) == [3, 1, 2])
            #expect(report.bands.map(\.won) == [1, 1, 1])
            #expect(report.bands.map(\.winRate) == [0.333, 1, 0.5])
            // Won 79, 49, 15 against lost 79, 0, 0: 2.5 + 2 + 2 of 9 pairs.
            #expect(report.auc == 0.722)
            // Fit rules alone, warm from 10: the CEOs tie at 15, the others at 0; won 15s tie the lost 15 and beat the two 0s.
            let fitOnly = ScoringModel(thresholds: Thresholds(warm: 10, hot: 70), fit: ScoringModel.standard.fit)
            let flat = try await world.services.database.read { [context = world.services.context] conn in
                try BacktestService(context: context).run(months: 6, model: fitOnly, conn)
            }
            #expect(flat.bands.map(\.deals) == [2, 4, 0])
            #expect(flat.auc == 0.833)
        }
    }
}
