import CarnetCore
import Foundation
import Logging

/// Runs due jobs in the server process: claims a batch, runs each job's handler in one write
/// transaction with its completion, records failures for a retry with backoff.
///
/// Only jobs whose kind has a handler here are claimed. The others stay queued, their attempts
/// unspent, until a worker that handles them runs: that is how the jobs of a disabled module
/// pause, and how a job enqueued by a newer instance waits out a rolling upgrade. They are
/// neither failed nor dead-lettered.
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
    let logger: Logger
    let signal = WakeSignal()

    /// A worker for `handlers`; two handlers of one kind are a programming error.
    public init(database: any Database, queue: JobQueue, handlers: [JobHandler], settings: JobSettings, id: String = JobWorker.makeID(), logger: Logger) {
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
        let (queue, id, kinds, settings) = (self.queue, self.id, self.kinds, self.settings)
        guard try await database.read({ conn in try queue.hasDue(kinds: kinds, conn) }) else { return 0 }
        let jobs = try await database.write { conn in
            try queue.claim(limit: settings.batchSize, worker: id, leaseSeconds: settings.leaseSeconds, kinds: kinds, conn)
        }
        for (index, job) in jobs.enumerated() {
            if signal.isClosed {
                let rest = Array(jobs[index...])
                try await database.write { conn in try queue.release(rest, worker: id, conn) }
                return index
            }
            await perform(job)
        }
        return jobs.count
    }

    /// Runs one claimed job: its handler and its completion in one transaction, or its failure in another.
    private func perform(_ job: Job) async {
        guard let handler = handlers[job.kind] else { return }
        let queue = self.queue
        do {
            try await database.write { conn in
                try queue.complete(job, conn)
                try handler.run(job, conn)
            }
        } catch let error as JobError {
            logger.warning("job \(job.id) (\(job.kind)) not finished: \(error)")
        } catch {
            let message = (error as? CarnetError)?.detail ?? String(describing: error)
            do {
                let failed = try await database.write { conn in try queue.fail(job, error: message, conn) }
                logger.log(level: failed.status == .dead ? .error : .warning,
                           "job \(job.id) (\(job.kind)) failed on attempt \(job.attempts) of \(job.maxAttempts): \(message)")
            } catch {
                logger.error("job \(job.id) (\(job.kind)) failed and its failure could not be recorded (its lease will run out): \(error)")
            }
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
