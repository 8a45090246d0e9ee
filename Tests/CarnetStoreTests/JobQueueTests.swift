import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Job queue")
struct JobQueueTests {
    /// A queue whose jitter always draws `fraction` of its 50 %: with 0.5, delays are 1.25 times the plain ones, exactly.
    static func queue(_ services: Services, jitter fraction: Double = 0) -> JobQueue {
        JobQueue(clock: services.context.clock, backoff: JobBackoff(base: 10, maximum: 3600, jitter: 0.5, random: { fraction }), defaultMaxAttempts: 3)
    }

    @Test("an enqueued job is claimed once under a lease, then completed", arguments: Backend.available)
    func enqueueClaimComplete(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = Self.queue(services)
            let job = try await services.database.write { conn in
                try queue.enqueue(kind: "mail.welcome", payload: .object(["user": .string("usr_1")]), conn)
            }
            #expect(job.status == .queued && job.attempts == 0 && job.maxAttempts == 3 && job.runAt == start2026)
            let claimed = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w1", leaseSeconds: 60, conn) }
            #expect(claimed.map(\.id) == [job.id])
            #expect(claimed.first?.status == .running && claimed.first?.attempts == 1 && claimed.first?.leaseOwner == "w1")
            #expect(claimed.first?.leaseUntil == start2026.addingTimeInterval(60))
            #expect(claimed.first?.payload == .object(["user": .string("usr_1")]))
            #expect(try await services.database.write { conn in try queue.claim(limit: 10, worker: "w2", leaseSeconds: 60, conn) }.isEmpty)

            clock.advance(by: 5)
            try await services.database.write { conn in try queue.complete(claimed[0], conn) }
            let done = try await services.database.read { conn in try queue.get(job.id, conn) }
            #expect(done.status == .done && done.finishedAt == start2026.addingTimeInterval(5) && done.leaseUntil == nil && done.leaseOwner == "w1")
            #expect(try await services.database.read { conn in try queue.hasDue(conn) } == false)
        }
    }

    @Test("the prune job deletes done jobs older than keep_done_days, expired web sessions and ended sign-in windows; the rest stays",
          arguments: Backend.available)
    func prune(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = Self.queue(services)
            func finish(_ kind: String, fail: Bool = false) async throws -> Job {
                try await services.database.write { conn in
                    let job = try queue.enqueue(kind: kind, maxAttempts: 1, conn)
                    let claimed = try queue.claim(limit: 1, worker: "w1", leaseSeconds: 60, kinds: [kind], conn)[0]
                    if fail { try queue.fail(claimed, error: "refused", conn) } else { try queue.complete(claimed, conn) }
                    return job
                }
            }
            let old = try await finish("old")
            let dead = try await finish("dead", fail: true)
            let user = try await services.makeUser()
            let sessions = WebSessionService(clock: clock)
            let throttle = LoginThrottle(clock: clock, limit: 3)
            func signInState(_ suffix: String) async throws {
                try await services.database.write { conn in
                    try sessions.create(tokenHash: "hash-" + suffix, userID: user.id, csrf: "c", lifetime: 86_400, conn)
                    try throttle.recordFailure(["email:" + suffix], conn)
                }
            }
            try await signInState("old")
            clock.advance(by: 8 * 86_400)
            try await signInState("new")
            let recent = try await finish("recent")
            let waiting = try await services.database.write { conn in try queue.enqueue(kind: "waiting", conn) }
            var settings = JobSettings()
            settings.keepDoneDays = 7
            let prune = JobWorker(database: services.database, queue: queue, handlers: [JobPruning.handler(queue: queue, settings: settings)],
                                  settings: settings, id: "w2", logger: JobWorkerTests.logger)
            _ = try await services.database.write { conn in try queue.enqueue(kind: JobPruning.kind, conn) }
            #expect(try await prune.runDue() == 1)
            let left = Set(try await services.database.read { conn in try conn.query("SELECT id FROM jobs", []) }.compactMap { $0.string("id") })
            #expect(!left.contains(old.id))
            #expect(left.isSuperset(of: [dead.id, recent.id, waiting.id]))
            #expect(try await services.database.read { conn in try conn.query("SELECT token_hash FROM web_sessions", []) }.compactMap { $0.string("token_hash") } == ["hash-new"])
            #expect(try await services.database.read { conn in try conn.query("SELECT key FROM login_failures", []) }.compactMap { $0.string("key") } == ["email:new"])
        }
    }

    @Test("a job waits for its run_at, and claims take the oldest due first", arguments: Backend.available)
    func runAtOrder(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = Self.queue(services)
            let (later, first, second) = try await services.database.write { conn in
                (try queue.enqueue(kind: "k", runAt: start2026.addingTimeInterval(3600), conn),
                 try queue.enqueue(kind: "k", runAt: start2026.addingTimeInterval(-60), conn),
                 try queue.enqueue(kind: "k", conn))
            }
            let one = try await services.database.write { conn in try queue.claim(limit: 1, worker: "w", leaseSeconds: 86_400, conn) }
            #expect(one.map(\.id) == [first.id])
            let rest = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 86_400, conn) }
            #expect(rest.map(\.id) == [second.id])
            clock.advance(by: 3600)
            #expect(try await services.database.read { conn in try queue.hasDue(kinds: ["other"], conn) } == false)
            #expect(try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 3600, kinds: ["other"], conn) }.isEmpty)
            #expect(try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 3600, kinds: ["k"], conn) }.map(\.id) == [later.id])
        }
    }

    @Test("failures back off 10 s then 20 s, plus jitter, then the job is dead; retry queues it again", arguments: Backend.available)
    func backoffThenDeadLetter(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = Self.queue(services, jitter: 0.5)
            let job = try await services.database.write { conn in try queue.enqueue(kind: "webhook", conn) }
            var runs: [Int64] = []
            for attempt in 1...3 {
                let claimed = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 60, conn) }
                #expect(claimed.map(\.attempts) == [attempt])
                let failed = try await services.database.write { conn in try queue.fail(claimed[0], error: "HTTP 503 from hooks.example.com", conn) }
                #expect(failed.lastError == "HTTP 503 from hooks.example.com")
                if attempt < 3 {
                    // 10 s then 20 s, each lengthened by half of the 50 % jitter.
                    let delay = 10 * pow(2, Double(attempt - 1)) * 1.25
                    #expect(failed.status == .queued && failed.runAt == clock.now.addingTimeInterval(delay))
                    runs.append(Timestamp.millis(failed.runAt))
                    clock.advance(by: delay - 1)
                    #expect(try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 60, conn) }.isEmpty)
                    clock.advance(by: 1)
                } else {
                    #expect(failed.status == .dead && failed.finishedAt == clock.now)
                }
            }
            #expect(runs == [Timestamp.millis(start2026) + 12_500, Timestamp.millis(start2026) + 37_500])
            clock.advance(by: 86_400)
            #expect(try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 60, conn) }.isEmpty)
            let dead = try await services.database.read { conn in try queue.list(status: .dead, limit: 10, cursor: nil, conn) }
            #expect(dead.items.map(\.id) == [job.id])

            let retried = try await services.database.write { conn in try queue.retry(job.id, actor: .system, conn) }
            #expect(retried.status == .queued && retried.attempts == 0 && retried.runAt == clock.now && retried.finishedAt == nil)
            #expect(try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 60, conn) }.map(\.attempts) == [1])
            let notDead = await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in try queue.retry(job.id, actor: .system, conn) }
            }
            guard case .invalidState? = notDead else { Issue.record("expected invalidState, got \(String(describing: notDead))"); return }
            await #expect(throws: CarnetError.notFound(entity: "job", id: "job_missing")) {
                try await services.database.write { conn in try queue.retry("job_missing", actor: .system, conn) }
            }
        }
    }

    @Test("the backoff doubles up to its maximum and adds at most its jitter")
    func backoffSchedule() {
        let none = JobBackoff(base: 10, maximum: 100, jitter: 0.2, random: { 0 })
        #expect((1...6).map { none.delay(afterAttempt: $0) } == [10, 20, 40, 80, 100, 100])
        let most = JobBackoff(base: 10, maximum: 100, jitter: 0.2, random: { 0.999_999 })
        #expect(most.delay(afterAttempt: 1) < 12 && most.delay(afterAttempt: 1) > 11.99)
        #expect(none.delay(afterAttempt: 10_000) == 100)
    }

    @Test("a job whose worker died is claimed again once its lease runs out, and the old claim can no longer finish it", arguments: Backend.available)
    func expiredLeaseReclaimed(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = Self.queue(services)
            try await services.database.write { conn in _ = try queue.enqueue(kind: "k", conn) }
            let first = try await services.database.write { conn in try queue.claim(limit: 10, worker: "crashed", leaseSeconds: 30, conn) }
            clock.advance(by: 29)
            #expect(try await services.database.read { conn in try queue.hasDue(conn) } == false)
            #expect(try await services.database.write { conn in try queue.claim(limit: 10, worker: "w2", leaseSeconds: 30, conn) }.isEmpty)
            clock.advance(by: 1)
            #expect(try await services.database.read { conn in try queue.hasDue(conn) })
            let second = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w2", leaseSeconds: 30, conn) }
            #expect(second.map(\.id) == first.map(\.id))
            #expect(second.first?.attempts == 2 && second.first?.leaseOwner == "w2")
            #expect(second.first?.lastError?.contains("crashed") == true)

            await #expect(throws: JobError.leaseLost(jobID: first[0].id, worker: "crashed")) {
                try await services.database.write { conn in try queue.complete(first[0], conn) }
            }
            await #expect(throws: JobError.self) {
                try await services.database.write { conn in try queue.fail(first[0], error: "late", conn) }
            }
            try await services.database.write { conn in try queue.complete(second[0], conn) }
            #expect(try await services.database.read { conn in try queue.get(first[0].id, conn) }.status == .done)
        }
    }

    @Test("jobs whose worker died are claimed one at a time, before the queued ones", arguments: Backend.available)
    func expiredLeasesClaimedAlone(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = Self.queue(services)
            let batch = try await services.database.write { conn in
                try (0..<3).map { _ in try queue.enqueue(kind: "k", conn) }
            }
            let crashed = try await services.database.write { conn in try queue.claim(limit: 10, worker: "crashed", leaseSeconds: 30, conn) }
            #expect(Set(crashed.map(\.id)) == Set(batch.map(\.id)))
            let queued = try await services.database.write { conn in try queue.enqueue(kind: "k", conn) }
            clock.advance(by: 30)
            var order: [String] = []
            for _ in 0..<3 {
                let claimed = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w2", leaseSeconds: 30, conn) }
                #expect(claimed.count == 1 && claimed.first?.attempts == 2)
                order += claimed.map(\.id)
            }
            #expect(order == crashed.map(\.id))
            let rest = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w2", leaseSeconds: 30, conn) }
            #expect(rest.map(\.id) == [queued.id] && rest.first?.attempts == 1)
        }
    }

    @Test("a lease that runs out on the last attempt dead-letters the job instead of running it again", arguments: Backend.available)
    func expiredLeaseOnLastAttempt(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = Self.queue(services)
            let job = try await services.database.write { conn in try queue.enqueue(kind: "k", maxAttempts: 1, conn) }
            _ = try await services.database.write { conn in try queue.claim(limit: 10, worker: "crashed", leaseSeconds: 30, conn) }
            clock.advance(by: 30)
            #expect(try await services.database.write { conn in try queue.claim(limit: 10, worker: "w2", leaseSeconds: 30, conn) }.isEmpty)
            let dead = try await services.database.read { conn in try queue.get(job.id, conn) }
            #expect(dead.status == .dead && dead.finishedAt == clock.now && dead.lastError?.contains("crashed") == true)
        }
    }

    @Test("released jobs go back to the queue without spending an attempt", arguments: Backend.available)
    func release(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let queue = Self.queue(services)
            try await services.database.write { conn in _ = try queue.enqueue([JobRequest(kind: "k"), JobRequest(kind: "k")], conn) }
            let claimed = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 30, conn) }
            try await services.database.write { conn in try queue.release(claimed, worker: "w", conn) }
            let again = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 30, conn) }
            #expect(Set(again.map(\.id)) == Set(claimed.map(\.id)))
            #expect(again.map(\.attempts) == [1, 1])
        }
    }

    @Test("a second job with a taken dedupe key is not added, even once the first is done", arguments: Backend.available)
    func dedupe(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let queue = Self.queue(services)
            let first = try await services.database.write { conn in
                try queue.enqueue(kind: "digest", payload: .object(["day": .string("2026-01-01")]), dedupeKey: "digest:usr_1:2026-01-01", conn)
            }
            let again = try await services.database.write { conn in
                try queue.enqueue(kind: "digest", payload: .object(["day": .string("other")]), dedupeKey: "digest:usr_1:2026-01-01", conn)
            }
            #expect(again == first)
            let claimed = try await services.database.write { conn in try queue.claim(limit: 10, worker: "w", leaseSeconds: 30, conn) }
            try await services.database.write { conn in try queue.complete(claimed[0], conn) }
            let added = try await services.database.write { conn in
                try queue.enqueue([JobRequest(kind: "digest", dedupeKey: "digest:usr_1:2026-01-01"),
                                   JobRequest(kind: "digest", dedupeKey: "digest:usr_2:2026-01-01"),
                                   JobRequest(kind: "digest", dedupeKey: "digest:usr_2:2026-01-01"),
                                   JobRequest(kind: "digest")], conn)
            }
            #expect(added == 2)
            #expect(try await services.count("jobs") == 3)
            #expect(try await services.count("jobs", where: "dedupe_key = 'digest:usr_1:2026-01-01' AND status = 'done'") == 1)
        }
    }

    @Test("an enqueue rolls back with the transaction that made it", arguments: Backend.available)
    func enqueueRollsBack(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            await #expect(throws: DeliberateFailure.self) {
                try await services.database.write { conn in
                    try services.jobs.enqueue(kind: "mail.welcome", conn)
                    throw DeliberateFailure()
                }
            }
            #expect(try await services.count("jobs") == 0)
        }
    }

    @Test("a job with no kind or impossible attempts is refused, naming the field", arguments: Backend.available)
    func validation(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let error = await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in try services.jobs.enqueue(kind: "", maxAttempts: 0, conn) }
            }
            #expect(validationFields(error) == ["kind", "max_attempts"])
        }
    }

    @Test("lists page newest first by id, all jobs or one status", arguments: Backend.available)
    func listPaging(backend: Backend) async throws {
        let clock = ManualClock(start2026)
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let queue = Self.queue(services)
            var ids: [String] = []
            for _ in 0..<5 {
                ids.append(try await services.database.write { conn in try queue.enqueue(kind: "k", conn) }.id)
                clock.advance(by: 1)
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await services.database.read { [cursor] conn in try queue.list(status: nil, limit: 2, cursor: cursor, conn) }
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen == ids.reversed())
            #expect(try await services.database.read { conn in try queue.list(status: .queued, limit: 10, cursor: nil, conn) }.items.count == 5)
            #expect(try await services.database.read { conn in try queue.list(status: .done, limit: 10, cursor: nil, conn) }.items.isEmpty)
        }
    }
}
