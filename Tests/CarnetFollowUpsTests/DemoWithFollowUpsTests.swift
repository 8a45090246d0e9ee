import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Demo data with follow-ups on")
struct DemoWithFollowUpsTests {
    @Test("the demo installs with the module on, every open deal with a dated next action", arguments: Backend.available)
    func demo(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let summary = try await DemoData(seed: 7, pipeline: world.services.context.pipeline, now: world.clock.now).install(in: world.services)
            #expect(summary.deals > 0)
            let undated = try await world.services.database.read { conn in
                try conn.queryOne("SELECT COUNT(*) AS n FROM deals WHERE closed_at IS NULL AND (next_action IS NULL OR next_action_at IS NULL)", [])?.int("n")
            }
            #expect(undated == 0)
        }
    }
}
