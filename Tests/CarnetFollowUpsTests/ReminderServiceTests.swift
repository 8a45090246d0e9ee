import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation
import Logging
import Testing

@Suite("Reminders")
struct ReminderServiceTests {
    func reminders(_ world: FollowUpsWorld, of user: User, unread: Bool = false) async throws -> [Reminder] {
        try await world.services.database.read { [services = world.services, settings = world.settings] conn in
            try ReminderService(context: services.context, settings: settings).list(for: user.id, unread: unread, before: nil, limit: 200, conn)
        }
    }

    func scan(_ world: FollowUpsWorld) async throws -> Int {
        try await world.services.database.write { [services = world.services, settings = world.settings] conn in
            try ReminderService(context: services.context, settings: settings).scan(conn)
        }
    }

    @Test("a deal going stale, its next action passing, and a task falling due each make one reminder for their owner", arguments: Backend.available)
    func occasions(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let bob = try await world.user("bob@example.com")
            let contact = try await world.contact("Durand", by: ana.actor)
            _ = try await world.services.database.write { [activities = world.services.activities] conn in
                var input = ActivityInput(kind: .call)
                input.contactID = contact.id
                return try activities.create(input, actor: ana.actor, conn)
            }
            var patch = DealPatch()
            patch.title = "Fleet renewal"
            patch.contactID = contact.id
            patch.nextAction = "Send the offer"
            patch.nextActionAt = world.inHours(24 * 3)
            let deal = try await world.deal(patch, by: ana.actor)
            let task = try await world.task("Call Durand", due: world.inHours(5), by: bob.actor)
            #expect(try await scan(world) == 0)
            world.clock.advance(by: 6 * 3600)
            #expect(try await scan(world) == 1)
            #expect(try await reminders(world, of: bob).map(\.entityID) == [task.id])
            #expect(try await scan(world) == 0)
            // Lead stage: stale after 7 days without activity; the next action passed on day 3.
            world.clock.advance(by: 7 * 86_400)
            #expect(try await scan(world) == 2)
            let anas = try await reminders(world, of: ana)
            #expect(Set(anas.map(\.kind)) == [.dealStale, .dealNextActionOverdue])
            #expect(anas.allSatisfy { $0.entityID == deal.id })
            let stale = try #require(anas.first { $0.kind == .dealStale })
            #expect(stale.message(in: .en) == "Fleet renewal: no activity for 7 days (the stage allows 7)")
            #expect(stale.message(in: .fr) == "Fleet renewal : aucune activité depuis 7 jours (l’étape en tolère 7)")
            #expect(try await scan(world) == 0)
            // Worked, then quiet again for a week: a new stretch, a new reminder; the old next action stays reminded once.
            _ = try await world.services.database.write { [activities = world.services.activities] conn in
                var input = ActivityInput(kind: .call)
                input.dealID = deal.id
                return try activities.create(input, actor: ana.actor, conn)
            }
            world.clock.advance(by: 6 * 86_400)
            #expect(try await scan(world) == 0)
            world.clock.advance(by: 86_400)
            #expect(try await scan(world) == 1)
            #expect(try await reminders(world, of: ana).filter { $0.kind == .dealStale }.count == 2)
        }
    }

    @Test("reading marks one or all; another user's reminder is not found", arguments: Backend.available)
    func reading(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let bob = try await world.user("bob@example.com")
            _ = try await world.task("One", due: world.inHours(1), by: ana.actor)
            _ = try await world.task("Two", due: world.inHours(2), by: ana.actor)
            world.clock.advance(by: 3 * 3600)
            #expect(try await scan(world) == 2)
            let first = try #require(try await reminders(world, of: ana).first)
            let service = ReminderService(context: world.services.context, settings: world.settings)
            let read = try await world.services.database.write { conn in try service.markRead(first.id, userID: ana.id, conn) }
            #expect(read.readAt == world.clock.now)
            #expect(try await reminders(world, of: ana, unread: true).count == 1)
            await #expect(throws: CarnetError.self) {
                try await world.services.database.write { conn in try service.markRead(first.id, userID: bob.id, conn) }
            }
            #expect(try await world.services.database.write { conn in try service.markAllRead(userID: ana.id, conn) } == 1)
            #expect(try await reminders(world, of: ana, unread: true).isEmpty)
        }
    }

    @Test("the scan runs as a recurring job, once per slot across two schedulers, and waits while the module is off", arguments: Backend.available)
    func recurring(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            _ = try await world.task("Call", due: world.inHours(1), by: ana.actor)
            world.clock.advance(by: 2 * 3600)
            let services = world.services
            let background = services.modules.catalog.background(services)
            var logger = Logger(label: "carnet.tests.reminders")
            logger.logLevel = .critical
            let enabled: @Sendable (any SQLConnection) throws -> Set<String> = { conn in try services.modules.enabled(conn) }
            let scheduler = JobScheduler(queue: services.jobs, recurring: background.recurring, enabledModules: enabled)
            let worker = JobWorker(database: services.database, queue: services.jobs, handlers: background.handlers, settings: JobSettings(),
                                   id: "w1", logger: logger, enabledModules: enabled)
            // The reminder scan, the digest and the lead reassignment, one job each for this quarter of an hour.
            #expect(background.recurring.map(\.kind) == [FollowUpsModule.reminderScan, FollowUpsModule.digest, FollowUpsModule.leadReassignment])
            #expect(try await services.database.write { conn in try scheduler.schedule(conn) } == 3)
            #expect(try await services.database.write { conn in try scheduler.schedule(conn) } == 0)
            try await services.disableModule("followups", actor: .system)
            #expect(try await worker.runDue() == 0)
            world.clock.advance(by: 15 * 60)
            #expect(try await services.database.write { conn in try scheduler.schedule(conn) } == 0)
            try await services.enableModule("followups", actor: .system)
            #expect(try await worker.runDue() == 3)
            #expect(try await reminders(world, of: ana).map(\.kind) == [.taskDue])
        }
    }
}
