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
    /// Inserts rows into `target.table`: `values` holds each row's values of
    /// `target.columns`, in that order, one row after the other.
    ///
    /// The bulk path of imports, where the cost per row decides: it sends many rows per
    /// statement (multi-row `VALUES`). On PostgreSQL each statement is a round trip to the
    /// server; on SQLite each one opens a cursor on the table and on every index. When a
    /// row fails, the rows before it may stay inserted: the caller's transaction must roll back.
    func insert(into target: InsertTarget, values: [SQLValue]) throws
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

/// The rows of `values` (`columns` values each) in batches of up to `size` rows, for the
/// multi-row statements of `SQLConnection.insert`; throws if the last row is incomplete.
func batches(of values: [SQLValue], columns: Int, size: Int, sql: String) throws -> StrideTo<Int> {
    guard values.count % columns == 0 else {
        throw StoreError.sql(message: "\(values.count) values for rows of \(columns) columns", sql: sql)
    }
    return stride(from: 0, to: values.count, by: size * columns)
}
