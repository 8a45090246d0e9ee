import CarnetCore
import CarnetStore
import Foundation

extension TestDatabase {
    /// Like ``with(_:clock:catalog:enabledModules:_:)``, on a database a `carnet` process can
    /// open too: `body` also gets its `database.url`. A new SQLite file, or a new PostgreSQL
    /// database (a server has no setting for a schema), dropped afterwards with its sessions.
    public static func withServerDatabase<T: Sendable>(
        _ backend: Backend,
        _ body: @Sendable (Services, _ url: String) async throws -> T
    ) async throws -> T {
        let name = uniqueName()
        let url: String
        let database: any Database
        let cleanup: @Sendable () async throws -> Void
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-tests")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent(name + ".sqlite").path
            url = "sqlite://" + path
            database = try SQLiteDatabase(path: path, readers: 2)
            cleanup = { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        case .postgres:
            guard let text = ProcessInfo.processInfo.environment["CARNET_TEST_POSTGRES_URL"], case .postgres(var target) = try DatabaseURL(text) else {
                throw StoreError.badURL("CARNET_TEST_POSTGRES_URL is not set to a postgres:// URL; run the tests with `make test`")
            }
            let server = target
            try await administer(server, "CREATE DATABASE \(name)")
            target.database = name
            var components = URLComponents()
            components.scheme = "postgres"
            components.host = target.host
            components.port = target.port
            components.user = target.username
            components.password = target.password
            components.path = "/" + name
            url = components.string ?? ""
            database = PostgreSQLDatabase(url: target, poolSize: 2, logger: logger)
            cleanup = { try await administer(server, "DROP DATABASE \(name) WITH (FORCE)") }
        }
        let services = Services(database: database, context: ServiceContext(clock: SystemClock()), catalog: ModuleCatalog([]))
        return try await serve(services, enabledModules: [], cleanup: cleanup) { services in try await body(services, url) }
    }
}
