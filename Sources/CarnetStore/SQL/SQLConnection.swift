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
    /// Inserts rows into `table`, each giving the values of `columns` in that order.
    ///
    /// The bulk path of imports, where the cost per row decides: it sends many rows per
    /// statement (multi-row `VALUES`). On PostgreSQL each statement is a round trip to the
    /// server; on SQLite each one opens a cursor on the table and on every index. When a
    /// row fails, the rows before it may stay inserted: the caller's transaction must roll back.
    func insert(into table: String, columns: [String], rows: some Sequence<[SQLValue]>) throws
}

/// Runs `body` with the values of up to `size` rows at a time, flattened, and the number of
/// those rows; for the multi-row statements of `SQLConnection.insert`.
func forEachBatch(of rows: some Sequence<[SQLValue]>, columns: Int, size: Int, sql: String,
                  _ body: (_ values: [SQLValue], _ count: Int) throws -> Void) throws {
    var values: [SQLValue] = []
    values.reserveCapacity(size * columns)
    var count = 0
    for row in rows {
        guard row.count == columns else {
            throw StoreError.sql(message: "a row of \(row.count) values for \(columns) columns", sql: sql)
        }
        values += row
        count += 1
        if count == size {
            try body(values, count)
            values.removeAll(keepingCapacity: true)
            count = 0
        }
    }
    if count > 0 { try body(values, count) }
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
