import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Outbox dispatcher")
struct OutboxDispatcherTests {
    /// A subscriber that records each event it handles in `handled`.
    static func subscriber(_ id: String, _ types: [String]) -> OutboxSubscriber {
        OutboxSubscriber(id: id, eventTypes: types) { event, job, conn in
            try conn.execute("INSERT INTO handled (subscriber, event_id, event_type, job_id) VALUES (?, ?, ?, ?)",
                             [.text(id), .text(event.id), .text(event.type), .text(job.id)])
        }
    }

    static func createHandled(_ services: Services) async throws {
        _ = try await services.database.write { conn in
            try conn.execute("CREATE TABLE handled (subscriber TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL, job_id TEXT NOT NULL)")
        }
    }

    /// Writes an event of `type` the way services do.
    static func event(_ services: Services, _ type: String) async throws -> DomainEvent {
        try await services.database.write { conn in
            try services.changes.event(type, entity: String(type.prefix { $0 != "." }), id: "x_1", actor: .system, payload: .object([:]), conn)
        }
    }

    @Test("subscribers match exact types, a prefix with .* and everything with *")
    func patterns() {
        let subscriber = Self.subscriber("s", ["contact.created", "deal.*"])
        #expect(subscriber.wants("contact.created"))
        #expect(!subscriber.wants("contact.updated"))
        #expect(subscriber.wants("deal.won") && subscriber.wants("deal.stage_changed"))
        #expect(!subscriber.wants("dealer.created"))
        #expect(Self.subscriber("all", ["*"]).wants("module.enabled"))
        #expect(Self.subscriber("s", ["contact.created"]).jobKind == "event:s")
    }

    @Test("each event becomes one job per subscriber that wants it, and is marked dispatched", arguments: Backend.available)
    func dispatchMakesJobs(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let created = try await Self.event(services, "contact.created")
            let won = try await Self.event(services, "deal.won")
            _ = try await Self.event(services, "module.enabled")
            let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: [
                Self.subscriber("webhooks", ["contact.created", "deal.*"]), Self.subscriber("scoring", ["deal.won"]),
            ])
            #expect(try await services.database.read { conn in try dispatcher.hasPending(conn) })
            #expect(try await services.database.write { conn in try dispatcher.dispatch(limit: 100, conn) } == 3)
            #expect(try await services.database.read { conn in try dispatcher.hasPending(conn) } == false)
            #expect(try await services.count("events", where: "dispatched_at IS NULL") == 0)
            let jobs = try await services.database.read { conn in
                try conn.query("SELECT kind, payload, dedupe_key FROM jobs ORDER BY kind, dedupe_key", []).map {
                    [$0.string("kind") ?? "", $0.string("dedupe_key") ?? ""]
                }
            }
            #expect(jobs == [
                ["event:scoring", "event:scoring:\(won.id)"],
                ["event:webhooks", "event:webhooks:\(created.id)"],
                ["event:webhooks", "event:webhooks:\(won.id)"],
            ].sorted { $0.joined() < $1.joined() })
            let job = try await services.database.read { conn in try services.jobs.list(status: .queued, limit: 10, cursor: nil, conn) }.items
                .first { $0.kind == "event:scoring" }
            #expect(job?.payload == .object(["event_id": .string(won.id)]))
        }
    }

    @Test("a subscriber nothing listens to gets no job for the events dispatched meanwhile", arguments: Backend.available)
    func notListening(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let listening = Mutex(false)
            let quiet = OutboxSubscriber(id: "quiet", eventTypes: ["*"], listening: { _ in listening.withLock { $0 } }) { _, _, _ in }
            let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: [quiet, Self.subscriber("always", ["*"])])
            _ = try await Self.event(services, "contact.created")
            #expect(try await services.database.write { conn in try dispatcher.dispatch(limit: 100, conn) } == 1)
            listening.withLock { $0 = true }
            let later = try await Self.event(services, "contact.updated")
            #expect(try await services.database.write { conn in try dispatcher.dispatch(limit: 100, conn) } == 1)
            #expect(try await services.count("jobs", where: "kind = 'event:always'") == 2)
            #expect(try await services.count("jobs", where: "kind = 'event:quiet'") == 1)
            #expect(try await services.count("jobs", where: "dedupe_key = ?", [.text("event:quiet:\(later.id)")]) == 1)
        }
    }

    @Test("dispatching twice, even after a crash between making the jobs and marking the events, makes no second job", arguments: Backend.available)
    func idempotent(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            for _ in 0..<3 { _ = try await Self.event(services, "contact.created") }
            let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: [Self.subscriber("webhooks", ["*"])])
            #expect(try await services.database.write { conn in try dispatcher.dispatch(limit: 100, conn) } == 3)
            #expect(try await services.database.write { conn in try dispatcher.dispatch(limit: 100, conn) } == 0)
            // As if the dispatcher had died after enqueueing: the events are undispatched again.
            _ = try await services.database.write { conn in try conn.execute("UPDATE events SET dispatched_at = NULL") }
            #expect(try await services.database.write { conn in try dispatcher.dispatch(limit: 100, conn) } == 3)
            #expect(try await services.count("jobs") == 3)
        }
    }

    @Test("events go out in batches of the limit, oldest first", arguments: Backend.available)
    func batches(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            var ids: [String] = []
            for _ in 0..<25 { ids.append(try await Self.event(services, "deal.won").id) }
            let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: [Self.subscriber("s", ["deal.won"])])
            var counts = [try await services.database.write { conn in try dispatcher.dispatch(limit: 10, conn) }]
            let first = try await services.database.read { conn in
                try conn.query("SELECT id FROM events WHERE dispatched_at IS NOT NULL ORDER BY seq", []).compactMap { $0.string("id") }
            }
            #expect(first == Array(ids.prefix(10)))
            for _ in 0..<3 { counts.append(try await services.database.write { conn in try dispatcher.dispatch(limit: 10, conn) }) }
            #expect(counts == [10, 10, 5, 0])
            #expect(try await services.count("jobs") == 25)
        }
    }

    @Test("an event reaches its subscriber's handler through the job worker, with the event's writes committed once", arguments: Backend.available)
    func endToEnd(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await Self.createHandled(services)
            let subscriber = Self.subscriber("scoring", ["contact.created"])
            let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: [subscriber])
            let worker = JobWorker(database: services.database, queue: services.jobs, handlers: [subscriber.jobHandler],
                                   settings: JobWorkerTests.settings(), logger: JobWorkerTests.logger)
            let contact = try await services.makeContact("Ana", "Lima")
            try await services.database.write { conn in _ = try dispatcher.dispatch(limit: 100, conn) }
            #expect(try await worker.runDue() == 1)
            #expect(try await worker.runDue() == 0)
            let rows = try await services.database.read { conn in
                try conn.query("SELECT event_type, event_id FROM handled", []).map { [$0.string("event_type") ?? "", $0.string("event_id") ?? ""] }
            }
            let eventID = try await services.database.read { conn in try services.changes.events(entity: "contact", id: contact.id, conn) }.first?.id
            #expect(rows == [["contact.created", eventID ?? "?"]])
        }
    }

    @Test("two instances dispatching at once make each event's job once", arguments: Backend.available)
    func twoDispatchers(backend: Backend) async throws {
        try await TestDatabase.withTwin(backend) { services, twin async throws in
            try await services.database.write { conn in
                for index in 0..<120 {
                    try services.changes.event("deal.won", entity: "deal", id: "deal_\(index)", actor: .system, payload: .object([:]), conn)
                }
            }
            let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: [Self.subscriber("s", ["deal.*"])])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for database in [services.database, twin] {
                    group.addTask {
                        while try await database.write({ conn in try dispatcher.dispatch(limit: 7, conn) }) > 0 {}
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await services.count("jobs") == 120)
            #expect(try await services.count("events", where: "dispatched_at IS NULL") == 0)
        }
    }
}
