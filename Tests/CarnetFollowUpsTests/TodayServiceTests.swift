import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Today")
struct TodayServiceTests {
    @Test("overdue tasks, uncontacted leads, deals without next action and today's tasks come in that order, with counts", arguments: Backend.available)
    func ordering(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend, modules: []) { world in
            let ana = try await world.user()
            let bob = try await world.user("bob@example.com")
            let lead = try await world.contact("Martin", by: ana.actor)
            var legacy = DealPatch()
            legacy.title = "No next action"
            legacy.contactID = lead.id
            let undated = try await world.deal(legacy, by: ana.actor)
            try await world.services.enableModule("followups", actor: .system)
            world.clock.advance(by: 30 * 3600)
            let late = try await world.task("Late call", due: world.inHours(-3), by: ana.actor)
            let soon = try await world.task("Call at five", due: world.inHours(1), by: ana.actor)
            _ = try await world.task("Bob's call", due: world.inHours(-3), by: bob.actor)
            let agenda = try await world.services.database.read { [today = world.today] conn in try today.agenda(for: ana.id, language: .fr, conn) }
            #expect(agenda.items.map(\.subjectID) == [late.id, lead.id, undated.id, soon.id])
            #expect(agenda.items.map(\.rank) == [1, 2, 3, 4])
            #expect(agenda.counts[.overdueTask] == 1)
            #expect(agenda.counts[.staleDeal] == 0)
            #expect(agenda.items.allSatisfy { !$0.reason.isEmpty })
        }
    }

    @Test("a deal with no activity turns stale after its stage's days, and an activity makes it fresh again", arguments: Backend.available)
    func rotting(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let contact = try await world.contact("Durand", by: ana.actor)
            var patch = DealPatch()
            patch.title = "Fleet renewal"
            patch.contactID = contact.id
            patch.nextAction = "Call"
            patch.nextActionAt = world.inHours(24 * 30)
            let deal = try await world.deal(patch, by: ana.actor)
            _ = try await world.services.database.write { [activities = world.services.activities] conn in
                var input = ActivityInput(kind: .call)
                input.contactID = contact.id
                return try activities.create(input, actor: ana.actor, conn)
            }
            func kinds() async throws -> [AgendaItemKind] {
                try await world.services.database.read { [today = world.today] conn in try today.agenda(for: ana.id, language: .en, conn) }
                    .items.filter { $0.subjectID == deal.id }.map(\.kind)
            }
            world.clock.advance(by: 6 * 86_400)
            #expect(try await kinds() == [])
            world.clock.advance(by: 86_400)
            #expect(try await kinds() == [.staleDeal])
            _ = try await world.services.database.write { [activities = world.services.activities] conn in
                var input = ActivityInput(kind: .call)
                input.dealID = deal.id
                return try activities.create(input, actor: ana.actor, conn)
            }
            #expect(try await kinds() == [])
        }
    }
}
