import ArgumentParser
import CarnetCore
import CarnetStore
import Foundation
import Logging

/// `carnet bench jobs`: how fast one worker drains a queue of due jobs with a handler that does nothing.
struct JobsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "Drain a queue of due jobs with a trivial handler and report jobs per second.",
        discussion: """
            Each run opens a fresh database (a new SQLite file in the temporary folder, or a new schema \
            in the PostgreSQL database given with --url, dropped afterwards), enqueues the jobs in one \
            transaction, then lets one job worker claim and run them batch by batch until none is due: \
            each job is a write transaction of its own (completion plus the handler, which writes \
            nothing). Prints each run and the medians.
            """
    )

    @Option(help: "Jobs per run.")
    var jobs = 100_000

    @Option(help: "Runs; the medians are over all of them.")
    var runs = 5

    @Option(help: "Jobs claimed per transaction (jobs.batch_size).")
    var batchSize = 100

    @Option(help: "A postgres:// URL to measure PostgreSQL; SQLite in a temporary file otherwise.")
    var url: String?

    func validate() throws {
        guard jobs >= 1, runs >= 1, (1...1000).contains(batchSize) else {
            throw ValidationError("--jobs and --runs must be at least 1, --batch-size from 1 to 1000")
        }
        if let url, !url.hasPrefix("postgres") { throw ValidationError("--url must be a postgres:// URL") }
    }

    func run() async throws {
        var logger = Logger(label: "carnet.bench")
        logger.logLevel = .warning
        var enqueueRates: [Double] = []
        var drainRates: [Double] = []
        for run in 1...runs {
            let (enqueue, drain) = try await measure(logger: logger)
            enqueueRates.append(Double(jobs) / enqueue)
            drainRates.append(Double(jobs) / drain)
            print("run \(run): enqueued \(jobs) jobs in \(BenchStats.format(enqueue)) s (\(Int(enqueueRates.last!)) jobs/s), drained in \(BenchStats.format(drain)) s (\(Int(drainRates.last!)) jobs/s)")
        }
        print("median over \(runs) runs: enqueue \(Int(BenchStats.percentiles(enqueueRates).p50)) jobs/s, drain \(Int(BenchStats.percentiles(drainRates).p50)) jobs/s (\(url == nil ? "sqlite" : "postgres"), batch \(batchSize))")
    }

    /// One run on a fresh database: seconds to enqueue, seconds to drain.
    private func measure(logger: Logger) async throws -> (Double, Double) {
        let name = "bench_jobs_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let target: DatabaseURL
        var schema: String?
        if let url {
            target = try DatabaseURL(url)
            schema = name
            try await administer(target, "CREATE SCHEMA \(name)", logger: logger)
        } else {
            target = .sqlite(path: FileManager.default.temporaryDirectory.appendingPathComponent("\(name).sqlite").path)
        }
        defer {
            if case .sqlite(let path) = target {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        let database = try target.open(poolSize: 4, schema: schema, logger: logger)
        let (count, batchSize) = (jobs, self.batchSize)
        let result = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            let services = Services(database: database, context: ServiceContext(clock: SystemClock()), catalog: ModuleCatalog([]))
            _ = try await services.migrate(configuredModules: [])
            let requests = (0..<count).map { JobRequest(kind: "bench.noop", payload: .object(["n": .number(Double($0))])) }
            let enqueueStart = ContinuousClock.now
            try await database.write { conn in _ = try services.jobs.enqueue(requests, conn) }
            let enqueue = ContinuousClock.now - enqueueStart
            var settings = JobSettings()
            settings.batchSize = batchSize
            let worker = JobWorker(database: database, queue: services.jobs, handlers: [JobHandler(kind: "bench.noop") { _, _ in }],
                                   settings: settings, logger: logger)
            let drainStart = ContinuousClock.now
            var drained = 0
            while true {
                let ran = try await worker.runDue()
                if ran == 0 { break }
                drained += ran
            }
            let drain = ContinuousClock.now - drainStart
            let done = try await database.read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM jobs WHERE status = 'done'", [])?.int("n") ?? 0 }
            guard drained == count, done == count else { throw ValidationError("drained \(drained) and found \(done) done of \(count) jobs") }
            try await database.close()
            return (enqueue.seconds, drain.seconds)
        }
        if let schema { try await administer(target, "DROP SCHEMA \(schema) CASCADE", logger: logger) }
        return result
    }

    /// Runs one statement on a short-lived PostgreSQL connection outside the bench schema.
    private func administer(_ target: DatabaseURL, _ sql: String, logger: Logger) async throws {
        let admin = try target.open(poolSize: 1, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.run() }
            defer { group.cancelAll() }
            _ = try await admin.write { conn in try conn.execute(sql) }
            try await admin.close()
        }
    }

}
