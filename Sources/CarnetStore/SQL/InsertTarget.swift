/// A table and the columns an insert gives values for, with the SQL text that does not
/// depend on the row count built once.
///
/// Every create goes through `SQLConnection.insert`; building its column list and
/// placeholders with `joined` on each call took 5 % of a create's CPU time.
public struct InsertTarget: Sendable {
    public let table: String
    public let columns: [String]
    /// `a, b, c`
    let columnList: String
    /// `(?, ?, ?)`: one row's placeholders on SQLite.
    let placeholders: String
    /// The whole statement for one row on SQLite, the case of every create.
    let sqliteSingleRow: String

    public init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
        columnList = columns.joined(separator: ", ")
        placeholders = "(" + repeatElement("?", count: columns.count).joined(separator: ", ") + ")"
        sqliteSingleRow = "INSERT OR FAIL INTO \(table) (\(columnList)) VALUES \(placeholders)"
    }
}
