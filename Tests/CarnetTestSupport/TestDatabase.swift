import CarnetCore
import CarnetStore
import Foundation
import Logging

/// The databases every store and API test runs on.
public enum Backend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    /// SQLite always; PostgreSQL when `CARNET_TEST_POSTGRES_URL` is set (as `make test` does).
    /// In CI a missing URL is an error, not a skip.
    public static var available: [Backend] {
        let environment = ProcessInfo.processInfo.environment
        return environment["CARNET_TEST_POSTGRES_URL"] != nil || environment["CI"] != nil ? [.sqlite, .postgres] : [.sqlite]
    }
}

/// A fresh database for one test: a new SQLite file, or a new PostgreSQL schema.
public enum TestDatabase {
    static let logger = Logger(label: "carnet.tests")

    /// Opens a fresh, migrated database, runs `body` with services over it, then closes it.
    public static func with<T: Sendable>(
        _ backend: Backend,
        clock: ManualClock = ManualClock(),
        catalog: ModuleCatalog = ModuleCatalog([]),
        enabledModules: [String] = [],
        _ body: @Sendable (Services) async throws -> T
    ) async throws -> T {
        let database = try await open(backend)
        let services = Services(database: database, context: ServiceContext(clock: clock), catalog: catalog)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            _ = try await services.migrate(configuredModules: enabledModules)
            let result = try await body(services)
            try await database.close()
            return result
        }
    }

    /// A unique name for a test's database file or schema.
    public static func uniqueName() -> String {
        "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    }

    static func open(_ backend: Backend) async throws -> any Database {
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-tests")
            return try SQLiteDatabase(path: folder.appendingPathComponent(uniqueName() + ".sqlite").path, readers: 2)
        case .postgres:
            guard let text = ProcessInfo.processInfo.environment["CARNET_TEST_POSTGRES_URL"], case .postgres(let target) = try DatabaseURL(text) else {
                throw StoreError.badURL("CARNET_TEST_POSTGRES_URL is not set to a postgres:// URL; run the tests with `make test`")
            }
            let schema = uniqueName()
            let admin = PostgreSQLDatabase(url: target, poolSize: 1, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await admin.run() }
                defer { group.cancelAll() }
                try await admin.write { conn in try conn.execute("CREATE SCHEMA \(schema)") }
                try await admin.close()
            }
            return PostgreSQLDatabase(url: target, poolSize: 2, schema: schema, logger: logger)
        }
    }
}
