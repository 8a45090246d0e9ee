import CarnetCore
import Foundation
import Logging

/// Runs due jobs in the server process: claims a batch, runs each job's handler in a write
/// transaction with its completion (an effect handler's effect first, outside it; see
/// `JobHandler`), records failures for a retry with backoff.
///
/// Jobs of a batch share transactions, each job in a savepoint of its own: its writes and its
/// completion commit together or not at all, and a transaction takes jobs for at most
/// `transactionBudget` (measured: one transaction per job drained 4,500 jobs/s on SQLite).
///
/// Only jobs whose kind has a handler here, of the core or of an enabled module, are claimed.
/// The others stay queued, their attempts unspent, until a worker that handles them runs:
/// that is how the jobs of a disabled module pause, and how a job enqueued by a newer instance
/// waits out a rolling upgrade. They are neither failed nor dead-lettered.
///
/// `run()` loops until its task is cancelled (the server's graceful shutdown): the job in hand
/// finishes, the rest of the claimed batch is given back to the queue. Handlers run inside
/// `Database.write`, on GRDB's writer queue or the PostgreSQL driver's threads, never on the
/// Swift concurrency pool.
public final class JobWorker: Sendable {
    /// Names this worker in `lease_owner`: the host, the process and a random part.
    public let id: String
    public let database: any Database
    public let queue: JobQueue
    public let settings: JobSettings
    let handlers: [String: JobHandler]
    let kinds: [String]
    /// The module ids enabled now; the jobs of a handler whose module is not among them wait.
    let enabledModules: @Sendable (any SQLConnection) throws -> Set<String>
    let logger: Logger
    let signal = WakeSignal()

    /// A worker for `handlers`; two handlers of one kind are a programming error.
    public init(database: any Database, queue: JobQueue, handlers: [JobHandler], settings: JobSettings, id: String = JobWorker.makeID(), logger: Logger,
                enabledModules: @escaping @Sendable (any SQLConnection) throws -> Set<String> = { _ in [] }) {
        self.enabledModules = enabledModules
        self.database = database
        self.queue = queue
        self.settings = settings
        self.id = id
        self.logger = logger
        self.handlers = Dictionary(handlers.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in
            preconditionFailure("two job handlers for the kind \(first.kind)")
        })
        kinds = self.handlers.keys.sorted()
    }

    /// `host:pid:random`, unique among the workers sharing a database.
    public static func makeID() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Makes a waiting `run()` look for jobs now, e.g. after jobs were enqueued.
    public func wake() {
        signal.ring()
    }

    /// Claims one batch of due jobs and runs them one after the other; returns how many ran
    /// (done or failed). Stops early, giving the rest back, when `run()` is being cancelled.
    @discardableResult
    public func runDue() async throws -> Int {
        let (queue, id, settings, handlers, enabledModules) = (self.queue, self.id, self.settings, self.handlers, self.enabledModules)
        let kinds = try await database.read { conn -> [String]? in
            let enabled = try handlers.values.contains { $0.module != nil } ? enabledModules(conn) : []
            let kinds = self.kinds.filter { kind in handlers[kind]?.module.map(enabled.contains) ?? true }
            return try queue.hasDue(kinds: kinds, conn) ? kinds : nil
        }
        guard let kinds else { return 0 }
        var rest = try await database.write { conn in
            try queue.claim(limit: settings.batchSize, worker: id, leaseSeconds: settings.leaseSeconds, kinds: kinds, conn)
        }[...]
        var ran = 0
        while !rest.isEmpty {
            if signal.isClosed {
                let unstarted = Array(rest)
                try await database.write { conn in try queue.release(unstarted, worker: id, conn) }
                break
            }
            let jobs = rest
            let outcomes: [(Job, Failure?)]
            if let first = jobs.first, let handler = handlers[first.kind], case .effect(let effect, let record) = handler.work {
                // An effect may wait on a slow server: with less than half the lease left, the
                // rest of the batch goes back to the queue rather than risk a second worker
                // sending the same mail once the lease runs out.
                if let until = first.leaseUntil, until.timeIntervalSince(queue.clock.now) < Double(settings.leaseSeconds) / 2 {
                    try await database.write { conn in try queue.release(Array(jobs), worker: id, conn) }
                    break
                }
                outcomes = [try await perform(first, effect: effect, record: record)]
            } else {
                outcomes = try await database.write { conn in try self.perform(jobs, conn) }
            }
            for (job, failure) in outcomes { log(job, failure) }
            ran += outcomes.count
            rest = rest.dropFirst(outcomes.count)
        }
        return ran
    }

    /// Runs an effect job: its effect with no transaction open, then its completion, or its
    /// failure, with what `record` writes, in one transaction.
    private func perform(_ job: Job, effect: @Sendable (Job) async throws -> Void,
                         record: @escaping @Sendable (Job, (any Error)?, any SQLConnection) throws -> Void) async throws -> (Job, Failure?) {
        var effectError: (any Error)?
        do {
            try await effect(job)
        } catch {
            effectError = error
        }
        let failure = effectError
        let queue = self.queue
        return try await database.write { conn in
            do {
                guard let failure else {
                    try queue.complete(job, conn)
                    try record(job, nil, conn)
                    return (job, nil)
                }
                let message = Self.message(failure)
                let permanent = (failure as? any PermanentJobFailure)?.isPermanent ?? false
                let failed = try queue.fail(job, error: message, permanent: permanent, conn)
                try record(job, failure, conn)
                return (job, .failed(message, failed))
            } catch let lost as JobError {
                return (job, .leaseLost(lost))
            }
        }
    }

    /// What a failure says in the job's `last_error`.
    private static func message(_ error: any Error) -> String {
        (error as? CarnetError)?.detail ?? String(describing: error)
    }

    /// The time a transaction keeps taking the next job of the batch: one commit serves many
    /// quick jobs, and slow ones do not hold the writer for a whole batch.
    static let transactionBudget: Duration = .milliseconds(20)

    /// Runs claimed jobs in the caller's transaction, each in a savepoint of its own with its
    /// completion, until the budget is spent (at least one job); returns each job run with its
    /// failure, nil when it is done.
    ///
    /// A handler that throws is rolled back to its savepoint, writes and completion alike, and
    /// its failure is recorded in the same transaction. A crash before the commit rolls back
    /// every job of the transaction; they all run again once their lease runs out.
    private func perform(_ jobs: ArraySlice<Job>, _ conn: any SQLConnection) throws -> [(Job, Failure?)] {
        let started = ContinuousClock.now
        var outcomes: [(Job, Failure?)] = []
        for job in jobs {
            if !outcomes.isEmpty && (ContinuousClock.now - started > Self.transactionBudget || signal.isClosed) { break }
            guard let handler = handlers[job.kind] else { preconditionFailure("claimed a job of kind \(job.kind), which has no handler") }
            // An effect job runs on its own, outside this transaction.
            guard case .transaction(let run) = handler.work else { break }
            try conn.execute("SAVEPOINT job")
            do {
                try queue.complete(job, conn)
                try run(job, conn)
                try conn.execute("RELEASE SAVEPOINT job")
                outcomes.append((job, nil))
            } catch {
                try conn.execute("ROLLBACK TO SAVEPOINT job")
                try conn.execute("RELEASE SAVEPOINT job")
                if let lost = error as? JobError {
                    outcomes.append((job, .leaseLost(lost)))
                    continue
                }
                let message = Self.message(error)
                do {
                    outcomes.append((job, .failed(message, try queue.fail(job, error: message, conn))))
                } catch let lost as JobError {
                    outcomes.append((job, .leaseLost(lost)))
                }
            }
        }
        return outcomes
    }

    /// Why a job of a batch did not finish.
    enum Failure: Sendable {
        /// Another worker holds the job now.
        case leaseLost(JobError)
        /// The handler threw; the job as `fail` left it.
        case failed(String, Job)
    }

    private func log(_ job: Job, _ failure: Failure?) {
        switch failure {
        case nil: break
        case .leaseLost(let error): logger.warning("job \(job.id) (\(job.kind)) not finished: \(error)")
        case .failed(let message, let failed):
            logger.log(level: failed.status == .dead ? .error : .warning,
                       "job \(job.id) (\(job.kind)) failed on attempt \(job.attempts) of \(job.maxAttempts): \(message)")
        }
    }

    /// Runs due jobs until the task is cancelled, then returns once the job in hand is finished.
    public func run() async {
        await PollingLoop(interval: settings.pollInterval, signal: signal).run { [self] in
            do {
                return try await runDue() > 0
            } catch {
                logger.error("job worker \(id): \(error)")
                return false
            }
        }
    }
}
