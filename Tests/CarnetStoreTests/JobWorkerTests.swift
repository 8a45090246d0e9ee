import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Logging
import Synchronization
import Testing

@Suite("Job worker")
struct JobWorkerTests {
    static let logger: Logger = {
        var logger = Logger(label: "carnet.tests.jobs")
        logger.logLevel = .critical
        return logger
    }()

    static func settings(batchSize: Int = 10) -> JobSettings {
        var settings = JobSettings()
        settings.pollInterval = .milliseconds(20)
        settings.batchSize = batchSize
        settings.leaseSeconds = 60
        return settings
    }

    /// Creates the table the test handlers write their effects to, one row per run.
    static func createEffects(_ database: any Database) async throws {
        _ = try await database.write { conn in try conn.execute("CREATE TABLE side_effects (job_id TEXT NOT NULL, worker TEXT NOT NULL)") }
    }

    /// A handler of `kind` that records its run in `side_effects`.
    static func recording(_ kind: String) -> JobHandler {
        JobHandler(kind: kind) { job, conn in
            try conn.execute("INSERT INTO side_effects (job_id, worker) VALUES (?, ?)", [.text(job.id), .string(job.leaseOwner)])
        }
    }

    static func worker(_ services: Services, database: (any Database)? = nil, handlers: [JobHandler], id: String = "w1", batchSize: Int = 10) -> JobWorker {
        JobWorker(database: database ?? services.database, queue: services.jobs, handlers: handlers, settings: settings(batchSize: batchSize), id: id, logger: logger)
    }

    @Test("a handler's writes and the job's completion commit together", arguments: Backend.available)
    func handlerCommitsWithCompletion(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await Self.createEffects(services.database)
            let job = try await services.database.write { conn in try services.jobs.enqueue(kind: "record", conn) }
            let worker = Self.worker(services, handlers: [Self.recording("record")])
            #expect(try await worker.runDue() == 1)
            #expect(try await services.count("side_effects", where: "job_id = ?", [.text(job.id)]) == 1)
            #expect(try await services.database.read { conn in try services.jobs.get(job.id, conn) }.status == .done)
            #expect(try await worker.runDue() == 0)
        }
    }

    @Test("a handler that throws leaves none of its writes and the job waits for its retry", arguments: Backend.available)
    func throwingHandlerRollsBack(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            try await Self.createEffects(services.database)
            let job = try await services.database.write { conn in try services.jobs.enqueue(kind: "flaky", conn) }
            let worker = Self.worker(services, handlers: [JobHandler(kind: "flaky") { job, conn in
                try conn.execute("INSERT INTO side_effects (job_id, worker) VALUES (?, 'w1')", [.text(job.id)])
                throw CarnetError.invalidState("the mail server refused the message")
            }])
            #expect(try await worker.runDue() == 1)
            #expect(try await services.count("side_effects") == 0)
            let failed = try await services.database.read { conn in try services.jobs.get(job.id, conn) }
            #expect(failed.status == .queued && failed.attempts == 1)
            #expect(failed.lastError == "the mail server refused the message")
            #expect(failed.runAt > clock.now)
            #expect(try await worker.runDue() == 0)
        }
    }

    @Test("in a batch sharing a transaction, only the failing job's writes roll back", arguments: Backend.available)
    func failureInBatch(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await Self.createEffects(services.database)
            let jobs = try await services.database.write { conn in
                try (0..<5).map { index in try services.jobs.enqueue(kind: "maybe", payload: .object(["fail": .bool(index == 2)]), conn) }
            }
            let worker = Self.worker(services, handlers: [JobHandler(kind: "maybe") { job, conn in
                try conn.execute("INSERT INTO side_effects (job_id, worker) VALUES (?, 'w1')", [.text(job.id)])
                if job.payload == .object(["fail": .bool(true)]) {
                    // A statement the database refuses, then the handler's own error.
                    _ = try? conn.execute("INSERT INTO no_such_table (x) VALUES (1)")
                    throw DeliberateFailure()
                }
            }])
            #expect(try await worker.runDue() == 5)
            #expect(try await services.count("side_effects") == 4)
            #expect(try await services.count("side_effects", where: "job_id = ?", [.text(jobs[2].id)]) == 0)
            #expect(try await services.count("jobs", where: "status = 'done'") == 4)
            let failed = try await services.database.read { conn in try services.jobs.get(jobs[2].id, conn) }
            #expect(failed.status == .queued && failed.attempts == 1 && failed.lastError?.contains("DeliberateFailure") == true)
        }
    }

    @Test("a job whose kind has no handler here stays queued with its attempts unspent", arguments: Backend.available)
    func unhandledKindStaysQueued(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await Self.createEffects(services.database)
            let paused = try await services.database.write { conn in try services.jobs.enqueue(kind: "disabled.module", conn) }
            try await services.database.write { conn in _ = try services.jobs.enqueue(kind: "record", conn) }
            let worker = Self.worker(services, handlers: [Self.recording("record")])
            #expect(try await worker.runDue() == 1)
            #expect(try await worker.runDue() == 0)
            let job = try await services.database.read { conn in try services.jobs.get(paused.id, conn) }
            #expect(job.status == .queued && job.attempts == 0 && job.leaseOwner == nil)
        }
    }

    @Test("two instances racing over 200 jobs run each exactly once", arguments: Backend.available)
    func twoWorkersRace(backend: Backend) async throws {
        try await TestDatabase.withTwin(backend) { services, twin async throws in
            try await Self.createEffects(services.database)
            try await services.database.write { conn in
                _ = try services.jobs.enqueue((0..<200).map { JobRequest(kind: "record", payload: .object(["n": .number(Double($0))])) }, conn)
            }
            let workers = [Self.worker(services, handlers: [Self.recording("record")], id: "a", batchSize: 7),
                           Self.worker(services, database: twin, handlers: [Self.recording("record")], id: "b", batchSize: 7)]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in workers {
                    group.addTask {
                        var idle = 0
                        while idle < 3 {
                            idle = try await worker.runDue() == 0 ? idle + 1 : 0
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await services.count("side_effects") == 200)
            let distinct = try await services.database.read { conn in
                try conn.queryOne("SELECT COUNT(DISTINCT job_id) AS n FROM side_effects", [])?.int("n")
            }
            #expect(distinct == 200)
            #expect(try await services.count("jobs", where: "status = 'done' AND attempts = 1") == 200)
            #expect(try await services.count("side_effects", where: "worker NOT IN ('a', 'b')") == 0)
        }
    }

    @Test("run() works jobs as they come when woken, and returns when its task is cancelled", arguments: Backend.available)
    func runLoop(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await Self.createEffects(services.database)
            var settings = Self.settings()
            settings.pollInterval = .seconds(60)
            let worker = JobWorker(database: services.database, queue: services.jobs, handlers: [Self.recording("record")],
                                   settings: settings, id: "loop", logger: Self.logger)
            let loop = Task { await worker.run() }
            for round in 1...3 {
                try await services.database.write { conn in _ = try services.jobs.enqueue(kind: "record", conn) }
                worker.wake()
                var count = 0
                for _ in 0..<500 where count < round {
                    try await Task.sleep(for: .milliseconds(10))
                    count = try await services.count("side_effects")
                }
                #expect(count == round)
            }
            loop.cancel()
            await loop.value
            #expect(try await services.count("jobs", where: "status = 'done'") == 3)
        }
    }

    @Test("a worker shutting down mid-batch finishes the job in hand and gives back the rest", arguments: Backend.available)
    func shutdownMidBatch(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await Self.createEffects(services.database)
            try await services.database.write { conn in _ = try services.jobs.enqueue((0..<5).map { _ in JobRequest(kind: "slow") }, conn) }
            let started = Counter()
            let worker = Self.worker(services, handlers: [JobHandler(kind: "slow") { job, conn in
                started.add()
                Thread.sleep(forTimeInterval: 0.2)
                try conn.execute("INSERT INTO side_effects (job_id, worker) VALUES (?, 'w1')", [.text(job.id)])
            }])
            let loop = Task { await worker.run() }
            while started.value == 0 { try await Task.sleep(for: .milliseconds(5)) }
            loop.cancel()
            await loop.value
            let ran = try await services.count("side_effects")
            #expect(ran >= 1 && ran < 5)
            #expect(try await services.count("jobs", where: "status = 'done'") == ran)
            #expect(try await services.count("jobs", where: "status = 'queued' AND attempts = 0 AND lease_owner IS NULL") == 5 - ran)
        }
    }
}

/// A count shared between a handler and its test.
final class Counter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func add() {
        count.withLock { $0 += 1 }
    }
}
