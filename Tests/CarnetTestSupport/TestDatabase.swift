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
        try await holdingSlot(backend) {
            let (database, _, cleanup) = try await open(backend)
            let services = Services(database: database, context: ServiceContext(clock: clock), catalog: catalog)
            return try await serve(services, enabledModules: enabledModules, cleanup: cleanup, body)
        }
    }

    /// How many PostgreSQL test databases may be open at once. Swift Testing starts every test
    /// together and each holds two to five connections: past the server's `max_connections`
    /// (400, see scripts/pg.sh) new ones are refused and tests fail at random. SQLite tests are
    /// not held back. A test must not open a second test database inside the first.
    static let postgresSlots = TestSlots(48)

    /// Runs `body` once a PostgreSQL slot is free (at once on SQLite), releasing it afterwards.
    static func holdingSlot<T: Sendable>(_ backend: Backend, _ body: () async throws -> T) async throws -> T {
        guard backend == .postgres else { return try await body() }
        await postgresSlots.acquire()
        do {
            let result = try await body()
            await postgresSlots.release()
            return result
        } catch {
            await postgresSlots.release()
            throw error
        }
    }

    /// Runs `services`' database, migrates it, runs `body`, then closes the database and
    /// removes it with `cleanup`, whatever `body` did.
    static func serve<T: Sendable>(_ services: Services, enabledModules: [String], cleanup: @Sendable () async throws -> Void,
                                   _ body: @Sendable (Services) async throws -> T) async throws -> T {
        let database = services.database
        let outcome: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            do {
                _ = try await services.migrate(configuredModules: enabledModules)
                return .success(try await body(services))
            } catch {
                return .failure(error)
            }
        }
        try? await database.close()
        try? await cleanup()
        return try outcome.get()
    }

    /// Like `with`, and also hands `body` a second database opened separately on the same SQLite
    /// file or PostgreSQL schema, with its own connections: another server instance.
    public static func withTwin<T: Sendable>(
        _ backend: Backend,
        clock: ManualClock = ManualClock(),
        _ body: @Sendable (Services, any Database) async throws -> T
    ) async throws -> T {
        try await holdingSlot(backend) { try await runWithTwin(backend, clock: clock, body) }
    }

    private static func runWithTwin<T: Sendable>(
        _ backend: Backend, clock: ManualClock, _ body: @Sendable (Services, any Database) async throws -> T
    ) async throws -> T {
        let (database, reopen, cleanup) = try await open(backend)
        let twin: any Database
        do {
            twin = try reopen()
        } catch {
            try? await cleanup()
            throw error
        }
        let services = Services(database: database, context: ServiceContext(clock: clock), catalog: ModuleCatalog([]))
        let outcome: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            group.addTask { await twin.run() }
            defer { group.cancelAll() }
            do {
                _ = try await services.migrate(configuredModules: [])
                return .success(try await body(services, twin))
            } catch {
                return .failure(error)
            }
        }
        try? await twin.close()
        try? await database.close()
        try? await cleanup()
        return try outcome.get()
    }

    /// A unique name for a test's database file or schema.
    public static func uniqueName() -> String {
        "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    }

    /// Opens a fresh database, says how to open it again (more connections to the same data) and how to remove it afterwards.
    static func open(_ backend: Backend) async throws -> (any Database, reopen: @Sendable () throws -> any Database, cleanup: @Sendable () async throws -> Void) {
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-tests")
            let path = folder.appendingPathComponent(uniqueName() + ".sqlite").path
            let remove: @Sendable () async throws -> Void = {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            let reopen: @Sendable () throws -> any Database = { try SQLiteDatabase(path: path, readers: 2) }
            return (try reopen(), reopen, remove)
        case .postgres:
            guard let text = ProcessInfo.processInfo.environment["CARNET_TEST_POSTGRES_URL"], case .postgres(let target) = try DatabaseURL(text) else {
                throw StoreError.badURL("CARNET_TEST_POSTGRES_URL is not set to a postgres:// URL; run the tests with `make test`")
            }
            let schema = uniqueName()
            try await administer(target, "CREATE SCHEMA \(schema)")
            let drop: @Sendable () async throws -> Void = { try await administer(target, "DROP SCHEMA \(schema) CASCADE") }
            let reopen: @Sendable () throws -> any Database = { PostgreSQLDatabase(url: target, poolSize: 2, schema: schema, logger: logger) }
            return (try reopen(), reopen, drop)
        }
    }

    /// Runs one statement on a short-lived connection outside any test schema, outside a
    /// transaction (`CREATE DATABASE` refuses to run in one).
    static func administer(_ target: DatabaseURL.PostgresTarget, _ sql: String) async throws {
        let admin = PostgreSQLDatabase(url: target, poolSize: 1, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.run() }
            defer { group.cancelAll() }
            try await admin.read { conn in try conn.execute(sql) }
            try await admin.close()
        }
    }
}
