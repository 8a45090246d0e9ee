import CarnetCore
import Foundation
import GRDB

/// SQLite through GRDB: one file, WAL, `synchronous=NORMAL`, one writer and a pool of readers.
public final class SQLiteDatabase: Database {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool
    let committer: GroupCommitter
    public let path: String

    /// Opens (and creates) the database file, creating its folder if needed.
    public init(path: String, readers: Int = 4) throws {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.maximumReaderCount = max(1, readers)
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // A savepoint keeps the pages it changes in a journal of its own: in memory, not a temporary file.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // Once a checkpoint has emptied the log, truncate its file to this size.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.unavailable("cannot open SQLite database at \(path): \(error)")
        }
        committer = GroupCommitter(pool: pool)
    }

    /// Runs `body` in a transaction on the writer; writes that queue up run in one
    /// transaction, each in its own savepoint (see `GroupCommitter`).
    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        do {
            return try await committer.write(StatementCounter.counting(body))
        } catch let error as DatabaseError {
            throw GRDBConnection.translate(error)
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        do {
            let body = StatementCounter.counting(body)
            return try await pool.read { db in try body(GRDBConnection(db: db)) }
        } catch let error as DatabaseError {
            throw GRDBConnection.translate(error)
        }
    }

    /// Checkpoints the write-ahead log in the background (see `WALCheckpointer`) until cancelled.
    public func run() async {
        await WALCheckpointer(path: path, writer: pool, interval: .milliseconds(50)).run()
    }

    public func close() async throws {
        try pool.close()
    }
}
