import CarnetCore
import CarnetFollowUps
import CarnetStore
import Foundation
import Logging

/// The summaries the `carnet bench` commands print: medians and 95th percentiles of samples.
enum BenchStats {
    /// The median and the 95th percentile (nearest rank) of `values`, which must not be empty.
    static func percentiles(_ values: [Double]) -> (p50: Double, p95: Double) {
        let sorted = values.sorted()
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))])
    }

    /// Two decimals.
    static func format(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}

/// A scratch SQLite database for a bench: the follow-ups module migrated and enabled, the
/// file removed afterwards.
enum BenchDatabase {
    /// Runs `body` with the services of a new scratch database named after `name`.
    static func withFollowUps(_ name: String, settings: FollowUpsSettings, _ body: @escaping @Sendable (Services) async throws -> Void) async throws {
        var logger = Logger(label: "carnet.bench")
        logger.logLevel = .warning
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench_\(name)_\(UUID().uuidString.prefix(8)).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let database = try DatabaseURL.sqlite(path: path).open(poolSize: 2, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            let services = Services(database: database, context: ServiceContext(clock: SystemClock()), catalog: ModuleCatalog([FollowUpsModule(settings: settings)]))
            _ = try await services.migrate(configuredModules: ["followups"])
            try await body(services)
            try await database.close()
        }
    }
}
