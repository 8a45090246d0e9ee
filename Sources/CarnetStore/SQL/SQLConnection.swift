/// A connection inside one transaction: runs statements synchronously.
///
/// Synchronous on purpose: on SQLite the work runs on GRDB's writer queue with no
/// async hop per statement; on PostgreSQL it runs on a thread of our own that waits
/// for each answer. Lua hooks (which cannot await) use the same connection.
public protocol SQLConnection {
    var dialect: SQLDialectInfo { get }
    /// Runs a statement and returns how many rows it changed. `?` marks parameters.
    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int
    /// Runs a query and returns its rows.
    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow]
}

extension SQLConnection {
    /// The first row of a query, if any.
    public func queryOne(_ sql: String, _ binds: [SQLValue]) throws -> SQLRow? {
        try query(sql, binds).first
    }

    /// Runs a statement without parameters.
    @discardableResult
    public func execute(_ sql: String) throws -> Int {
        try execute(sql, [])
    }
}
