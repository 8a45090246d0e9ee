import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Lead reassignment")
struct LeadReassignmentTests {
    func reassign(_ world: FollowUpsWorld) async throws -> [LeadReassignment] {
        try await world.services.database.write { [services = world.services, settings = world.settings] conn in
            try LeadReassignmentService(services: services, settings: settings).reassignDue(conn)
        }
    }

    func owner(_ world: FollowUpsWorld, _ contact: Contact) async throws -> String? {
        try await world.services.database.read { [services = world.services] conn in try services.contacts.get(contact.id, conn).ownerID }
    }

    @Test("leads nobody called after three days go round the team in turn, with a note; called ones and reassigned ones stay", arguments: Backend.available)
    func roundRobin(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            // The team's order is the order people joined; leads go out oldest first.
            let ana = try await world.user()
            world.clock.advance(by: 1)
            let bob = try await world.user("bob@example.com")
            world.clock.advance(by: 1)
            let cleo = try await world.user("cleo@example.com", role: .manager)
            _ = try await world.user("ro@example.com", role: .readonly)
            let first = try await world.contact("Durand", by: ana.actor)
            world.clock.advance(by: 1)
            let second = try await world.contact("Martin", by: ana.actor)
            let called = try await world.contact("Petit", by: ana.actor)
            _ = try await world.services.database.write { [activities = world.services.activities] conn in
                var input = ActivityInput(kind: .call)
                input.contactID = called.id
                return try activities.create(input, actor: ana.actor, conn)
            }
            world.clock.advance(by: 2 * 86_400)
            #expect(try await reassign(world).isEmpty)
            world.clock.advance(by: 86_400 + 60)
            let done = try await reassign(world)
            #expect(done.map(\.contactID) == [first.id, second.id])
            #expect(done.map(\.toUserID) == [bob.id, cleo.id])
            #expect(try await owner(world, first) == bob.id)
            #expect(try await owner(world, called) == ana.id)
            let notes = try await world.services.database.read { [activities = world.services.activities] conn in
                try activities.list(ActivityQuery(contactID: first.id), conn).items
            }
            #expect(notes.map(\.kind) == [.note])
            #expect(notes.first?.subject == "Lead reassigned from ana@example.com to bob@example.com: not contacted within 3 days")
            // The new owner has not called either: still, a lead is reassigned only once.
            world.clock.advance(by: 4 * 86_400)
            #expect(try await reassign(world).isEmpty)
        }
    }

    @Test("a manager undoes a reassignment once; a member may not", arguments: Backend.available)
    func undo(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let bob = try await world.user("bob@example.com")
            let boss = try await world.user("boss@example.com", role: .manager)
            let lead = try await world.contact("Durand", by: ana.actor)
            world.clock.advance(by: 3 * 86_400 + 60)
            let reassignment = try #require(try await reassign(world).first)
            let service = LeadReassignmentService(services: world.services, settings: world.settings)
            await #expect(throws: CarnetError.self) {
                try await world.services.database.write { conn in try service.undo(reassignment.id, actor: bob.actor, conn) }
            }
            let undone = try await world.services.database.write { conn in try service.undo(reassignment.id, actor: boss.actor, conn) }
            #expect(undone.undoneBy == boss.id)
            #expect(try await owner(world, lead) == ana.id)
            await #expect(throws: CarnetError.self) {
                try await world.services.database.write { conn in try service.undo(reassignment.id, actor: boss.actor, conn) }
            }
            #expect(try await reassign(world).isEmpty)
        }
    }
}
