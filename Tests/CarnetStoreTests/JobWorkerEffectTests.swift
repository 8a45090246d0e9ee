import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Synchronization
import Testing

@Suite("Job worker: effect handlers")
struct JobWorkerEffectTests {
    /// Records what the effect saw: the job ids it ran for, and whether a transaction was open.
    final class Effects: Sendable {
        let runs = Mutex<[String]>([])
        func ran(_ id: String) { runs.withLock { $0.append(id) } }
        var count: Int { runs.withLock { $0.count } }
    }

    /// A handler whose effect fails when `failing` and whose record writes each attempt to `side_effects`.
    static func handler(_ kind: String, effects: Effects, failing: Bool = false) -> JobHandler {
        JobHandler(kind: kind, effect: { job in
            effects.ran(job.id)
            if failing { throw CarnetError.invalidState("the receiver answered 503") }
        }, record: { job, error, conn in
            try conn.execute("INSERT INTO side_effects (job_id, worker) VALUES (?, ?)",
                             [.text(job.id), .text(error.map { ($0 as? CarnetError)?.detail ?? "\($0)" } ?? "ok")])
        })
    }

    @Test("an effect runs with no transaction open, then the job is completed with its record", arguments: Backend.available)
    func effectThenRecord(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await JobWorkerTests.createEffects(services.database)
            let job = try await services.database.write { conn in try services.jobs.enqueue(kind: "send", conn) }
            let effects = Effects()
            // A write from inside the effect would wait for the worker's own transaction on SQLite; it must not.
            let handler = JobHandler(kind: "send", effect: { [services] job in
                effects.ran(job.id)
                _ = try await services.database.write { conn in try conn.execute("INSERT INTO side_effects (job_id, worker) VALUES (?, 'inside')", [.text(job.id)]) }
            }, record: { job, error, conn in
                try conn.execute("INSERT INTO side_effects (job_id, worker) VALUES (?, ?)", [.text(job.id), .text(error == nil ? "ok" : "failed")])
            })
            let worker = JobWorkerTests.worker(services, handlers: [handler])
            #expect(try await worker.runDue() == 1)
            #expect(effects.count == 1)
            #expect(try await services.count("side_effects", where: "job_id = ?", [.text(job.id)]) == 2)
            #expect(try await services.count("side_effects", where: "worker = 'ok'") == 1)
            #expect(try await services.database.read { conn in try services.jobs.get(job.id, conn) }.status == .done)
        }
    }

    @Test("a failing effect is retried with backoff, each attempt recorded, then dead-lettered", arguments: Backend.available)
    func failingEffect(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            try await JobWorkerTests.createEffects(services.database)
            let job = try await services.database.write { conn in try services.jobs.enqueue(kind: "send", maxAttempts: 2, conn) }
            let effects = Effects()
            let worker = JobWorkerTests.worker(services, handlers: [Self.handler("send", effects: effects, failing: true)])
            #expect(try await worker.runDue() == 1)
            var seen = try await services.database.read { conn in try services.jobs.get(job.id, conn) }
            #expect(seen.status == .queued && seen.attempts == 1 && seen.lastError == "the receiver answered 503")
            #expect(try await worker.runDue() == 0)
            clock.advance(by: 3_600)
            #expect(try await worker.runDue() == 1)
            seen = try await services.database.read { conn in try services.jobs.get(job.id, conn) }
            #expect(seen.status == .dead)
            #expect(effects.count == 2)
            #expect(try await services.count("side_effects", where: "worker = 'the receiver answered 503'") == 2)
        }
    }

    @Test("effect jobs and transactional jobs of one batch all run, in order", arguments: Backend.available)
    func mixedBatch(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            try await JobWorkerTests.createEffects(services.database)
            let clock = services.context.clock
            let kinds = ["record", "send", "record", "record", "send"]
            _ = try await services.database.write { conn in
                try kinds.enumerated().map { index, kind in
                    try services.jobs.enqueue(kind: kind, runAt: clock.now.addingTimeInterval(Double(index) - 10), conn)
                }
            }
            let effects = Effects()
            let worker = JobWorkerTests.worker(services, handlers: [JobWorkerTests.recording("record"), Self.handler("send", effects: effects)])
            #expect(try await worker.runDue() == 5)
            #expect(effects.count == 2)
            #expect(try await services.count("side_effects") == 5)
            #expect(try await services.count("jobs", where: "status = 'done'") == 5)
        }
    }

    @Test("an effect job left with less than half its lease is given back, not run", arguments: Backend.available)
    func shortLease(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            try await JobWorkerTests.createEffects(services.database)
            let jobs = try await services.database.write { conn in
                try (0..<2).map { index in try services.jobs.enqueue(kind: "send", runAt: clock.now.addingTimeInterval(Double(index) - 10), conn) }
            }
            let effects = Effects()
            // Each send takes 40 s of the batch's 60 s lease.
            let slow = JobHandler(kind: "send", effect: { job in
                effects.ran(job.id)
                clock.advance(by: 40)
            })
            let worker = JobWorkerTests.worker(services, handlers: [slow])
            #expect(try await worker.runDue() == 1)
            #expect(effects.runs.withLock { $0 } == [jobs[0].id])
            let second = try await services.database.read { conn in try services.jobs.get(jobs[1].id, conn) }
            #expect(second.status == .queued && second.attempts == 0)
            #expect(try await worker.runDue() == 1)
            #expect(effects.count == 2)
        }
    }
}
