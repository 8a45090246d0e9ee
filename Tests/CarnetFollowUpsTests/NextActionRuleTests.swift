import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Next-action discipline on deals")
struct NextActionRuleTests {
    @Test("with follow-ups on, an open deal without a dated next action is refused, naming both fields", arguments: Backend.available)
    func refusedOnCreate(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let contact = try await world.contact("Dupont", by: ana.actor)
            var patch = DealPatch()
            patch.title = "Website"
            patch.contactID = contact.id
            let input = patch
            await #expect {
                _ = try await world.deal(input, by: ana.actor)
            } throws: { error in
                guard case CarnetError.validation(let errors) = error else { return false }
                return errors.map(\.field) == ["next_action", "next_action_at"]
            }
            patch.nextAction = "Send the brochure"
            patch.nextActionAt = world.inHours(48)
            let deal = try await world.deal(patch, by: ana.actor)
            #expect(deal.nextAction == "Send the brochure")
        }
    }

    @Test("with follow-ups off, the same deal is accepted", arguments: Backend.available)
    func offByDefault(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend, modules: []) { world in
            let ana = try await world.user()
            let contact = try await world.contact("Dupont", by: ana.actor)
            var patch = DealPatch()
            patch.title = "Website"
            patch.contactID = contact.id
            _ = try await world.deal(patch, by: ana.actor)
        }
    }

    @Test("clearing the next action of an open deal is refused; editing another field of a deal without one is not", arguments: Backend.available)
    func clearing(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend, modules: []) { world in
            let ana = try await world.user()
            let contact = try await world.contact("Dupont", by: ana.actor)
            var legacy = DealPatch()
            legacy.title = "Legacy"
            legacy.contactID = contact.id
            let old = try await world.deal(legacy, by: ana.actor)
            try await world.services.enableModule("followups", actor: .system)
            var rename = DealPatch()
            rename.title = "Legacy, renamed"
            let renamed = rename
            let changed = try await world.services.database.write { [deals = world.services.deals] conn in
                try deals.update(old.id, renamed, expectedVersion: nil, actor: ana.actor, conn)
            }
            #expect(changed.title == "Legacy, renamed")
            var dated = DealPatch()
            dated.title = "Dated"
            dated.contactID = contact.id
            dated.nextAction = "Call"
            dated.nextActionAt = world.inHours(5)
            let deal = try await world.deal(dated, by: ana.actor)
            var clear = DealPatch()
            clear.nextAction = .some(nil)
            let clearing = clear
            await #expect(throws: CarnetError.self) {
                try await world.services.database.write { [deals = world.services.deals] conn in
                    _ = try deals.update(deal.id, clearing, expectedVersion: nil, actor: ana.actor, conn)
                }
            }
        }
    }
}
