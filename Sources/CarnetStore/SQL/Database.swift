import CarnetCore

/// A database Carnet stores into: SQLite through GRDB or PostgreSQL through PostgresNIO.
///
/// All work happens in `write` (one transaction, committed when the closure returns,
/// rolled back when it throws) or `read` (a consistent snapshot).
public protocol Database: Sendable {
    var dialect: SQLDialect { get }
    /// Runs `body` in one read-write transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// Runs `body` with read access.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T
    /// Serves background work the driver needs (PostgreSQL's pool); returns when cancelled.
    func run() async
    /// Releases connections and files.
    func close() async throws
}
