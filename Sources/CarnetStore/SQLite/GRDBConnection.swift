import CarnetCore
import Foundation
import GRDB
import GRDBSQLite

/// A GRDB database handle seen as a `SQLConnection`; statements are prepared once and cached.
///
/// Values are bound straight to the prepared statement through SQLite's C API rather than
/// through GRDB's `StatementArguments`, which boxes each value in an existential and checks
/// them all on every call. GRDB still runs the statement (`execute()`, cursors), so its
/// transaction bookkeeping and error reporting stay as they were.
struct GRDBConnection: SQLConnection {
    let db: GRDB.Database
    var dialect: SQLDialectInfo { SQLDialectInfo(.sqlite) }

    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int {
        do {
            let statement = try db.cachedStatement(sql: sql)
            try Self.run(statement, binds[...]) { try statement.execute() }
            return db.changesCount
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        do {
            let statement = try db.cachedStatement(sql: sql)
            let columns = SQLColumns(statement.columnNames)
            return try Self.run(statement, binds[...]) {
                // GRDB steps the statement; the values are read from SQLite directly. Through
                // `Row.databaseValues` each one also made its column's name (a C string copied
                // into a `String`) and a `DatabaseValue`: two thirds of reading a result.
                let cursor = try Row.fetchCursor(statement)
                let handle = statement.sqliteStatement
                let width = Int32(columns.names.count)
                var rows: [SQLRow] = []
                while try cursor.next() != nil {
                    var values: [SQLValue] = []
                    values.reserveCapacity(Int(width))
                    for index in 0..<width { values.append(Self.value(handle, index)) }
                    rows.append(SQLRow(columns: columns, values: values))
                }
                return rows
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// `OR FAIL` spares SQLite a statement journal: plain `INSERT` (`OR ABORT`) must be able
    /// to undo a multi-row statement's own rows when one fails, so it first copies every page
    /// the statement touches. The rows before a failing one stay until the transaction rolls
    /// back, as `SQLConnection.insert` says.
    func insert(into target: InsertTarget, values: [SQLValue]) throws {
        let width = target.columns.count
        let head = "INSERT OR FAIL INTO \(target.table) (\(target.columnList)) VALUES "
        var full: Statement?
        do {
            for start in try batches(of: values, columns: width, size: Self.rowsPerInsert, sql: head) {
                let batch = values[start..<min(start + Self.rowsPerInsert * width, values.count)]
                let count = batch.count / width
                if let statement = full, count == Self.rowsPerInsert {
                    // Only this loop runs this statement: it keeps the state the first run set.
                    try Self.run(statement, batch, prepare: false) { try statement.execute() }
                    continue
                }
                // Full batches and single rows (a create) come back often; other remainders do not.
                let statement = try count == 1 ? db.cachedStatement(sql: target.sqliteSingleRow)
                    : count == Self.rowsPerInsert ? db.cachedStatement(sql: head + repeatElement(target.placeholders, count: count).joined(separator: ", "))
                    : db.makeStatement(sql: head + repeatElement(target.placeholders, count: count).joined(separator: ", "))
                if count == Self.rowsPerInsert { full = statement }
                try Self.run(statement, batch) { try statement.execute() }
            }
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    /// Rows per statement of `insert`. Measured on an import of 100,000 contacts (28 values a
    /// row): 2.6–2.8 s with one row per statement, 2.5 s with 5, 2.1–2.2 s from 20 to 500.
    static let rowsPerInsert = 100

    /// Binds `values` to the statement's parameters, in order, and calls `body`, which runs it.
    ///
    /// With `prepare`, `setUncheckedArguments` with no arguments first resets the statement,
    /// clears its bindings and tells GRDB they are set, so that `execute()` and cursors run
    /// it as bound here; a statement that went through it once and is only run by the caller
    /// keeps that state and just needs a reset. Texts are copied into one buffer and bound
    /// with `SQLITE_STATIC`, then unbound once `body` returns, before the buffer goes:
    /// binding them with `SQLITE_TRANSIENT` had SQLite allocate a copy of each one.
    static func run<T>(_ statement: Statement, _ values: ArraySlice<SQLValue>, prepare: Bool = true, _ body: () throws -> T) throws -> T {
        let handle = statement.sqliteStatement
        guard Int(sqlite3_bind_parameter_count(handle)) == values.count else {
            throw StoreError.sql(message: "the statement takes \(sqlite3_bind_parameter_count(handle)) values, got \(values.count)", sql: statement.sql)
        }
        if prepare { statement.setUncheckedArguments(StatementArguments()) } else { sqlite3_reset(handle) }
        func check(_ code: CInt) throws {
            guard code == SQLITE_OK else { throw StoreError.sql(message: String(cString: sqlite3_errstr(code)), sql: statement.sql) }
        }
        // One pass over the values (each text read once): numbers are bound, texts copied.
        var texts: [UInt8] = [0] // never empty, so that the buffer has an address for empty texts
        texts.reserveCapacity(16 * values.count)
        var spans: [(index: CInt, start: Int, count: Int)] = []
        for (index, value) in zip(CInt(1)..., values) {
            switch value {
            case .null: try check(sqlite3_bind_null(handle, index))
            case .integer(let number): try check(sqlite3_bind_int64(handle, index, number))
            case .real(let number): try check(sqlite3_bind_double(handle, index, number))
            case .text(let text):
                spans.append((index, texts.count, text.utf8.count))
                texts.append(contentsOf: text.utf8)
            }
        }
        return try texts.withUnsafeBufferPointer { buffer in
            defer { sqlite3_clear_bindings(handle) }
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            for span in spans {
                try check(sqlite3_bind_text64(handle, span.index, base + span.start, sqlite3_uint64(span.count), nil, UInt8(SQLITE_UTF8)))
            }
            return try body()
        }
    }

    /// The value of column `index` of the current row; a blob is read as UTF-8 text.
    static func value(_ handle: SQLiteStatement, _ index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        default:
            // The pointer first, then its length: asking for the text may convert the value.
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        }
    }

    /// Maps SQLite's errors to `StoreError`, naming the constraint when one failed.
    static func translate(_ error: DatabaseError) -> StoreError {
        if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            let message = error.message ?? "unique constraint failed"
            let constraint = message.components(separatedBy: ": ").last ?? message
            return .uniqueViolation(constraint: constraint, message: message)
        }
        if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return .unavailable("the SQLite database is busy: \(error.message ?? "")")
        }
        return .sql(message: error.message ?? "\(error.resultCode)", sql: error.sql ?? "")
    }
}
