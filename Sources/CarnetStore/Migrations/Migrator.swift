import CarnetCore
import Foundation

/// Applies numbered migrations of the core and of every module, each in its own transaction.
///
/// Safe with several instances on one PostgreSQL: each migration takes an advisory
/// lock and re-checks whether another instance applied it meanwhile.
public struct Migrator: Sendable {
    public let database: any Database
    public let clock: any CarnetClock

    public init(database: any Database, clock: any CarnetClock) {
        self.database = database
        self.clock = clock
    }

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            module TEXT NOT NULL, number INTEGER NOT NULL, name TEXT NOT NULL, applied_at BIGINT NOT NULL,
            PRIMARY KEY (module, number))
        """

    /// Runs the migrations of `module` not yet applied, in order; returns the names applied.
    @discardableResult
    public func migrate(module: String, _ migrations: [Migration]) async throws -> [String] {
        _ = try await database.write { conn in try conn.execute(Self.bookkeeping) }
        var applied: [String] = []
        let now = Timestamp.millis(clock.now)
        for migration in migrations.sorted(by: { $0.number < $1.number }) {
            let ran = try await database.write { conn -> Bool in
                if conn.dialect.dialect == .postgres {
                    try conn.execute("SELECT pg_advisory_xact_lock(72201)")
                }
                if try conn.queryOne("SELECT 1 AS done FROM schema_migrations WHERE module = ? AND number = ?", [.text(module), .int(migration.number)]) != nil {
                    return false
                }
                for statement in migration.statements(conn.dialect.dialect) {
                    try conn.execute(statement)
                }
                try conn.execute(
                    "INSERT INTO schema_migrations (module, number, name, applied_at) VALUES (?, ?, ?, ?)",
                    [.text(module), .int(migration.number), .text(migration.name), .integer(now)]
                )
                return true
            }
            if ran { applied.append("\(module) \(migration.number) \(migration.name)") }
        }
        return applied
    }

    /// The migration numbers already applied for a module.
    public func applied(module: String) async throws -> Set<Int> {
        try await database.write { conn in
            try conn.execute(Self.bookkeeping)
            return Set(try conn.query("SELECT number FROM schema_migrations WHERE module = ?", [.text(module)]).compactMap { $0.int("number") })
        }
    }
}
