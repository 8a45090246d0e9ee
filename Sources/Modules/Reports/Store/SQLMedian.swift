import CarnetStore

/// The median of a value per group, computed by the database with window functions (both
/// SQLite and PostgreSQL have them), so that no list of values is loaded to sort it in Swift.
enum SQLMedian {
    /// A query answering the `groups` columns, `median` (the mean of the middle one or two
    /// values) and `n` (the number of values) for each group of `source`, a subquery with the
    /// `groups` columns and `v`.
    static func query(over source: String, groups: [String] = ["grp"]) -> String {
        let columns = groups.joined(separator: ", ")
        return """
            SELECT \(columns), AVG(v * 1.0) AS median, MAX(n) AS n FROM (
                SELECT \(columns), v, ROW_NUMBER() OVER (PARTITION BY \(columns) ORDER BY v) AS r, COUNT(*) OVER (PARTITION BY \(columns)) AS n
                FROM (\(source)) AS source
            ) AS ranked
            WHERE r = (n + 1) / 2 OR r = (n + 2) / 2
            GROUP BY \(columns)
            """
    }
}

/// A `WITH` table of constant rows, `name(columns) AS (VALUES (...), ...)`, each value cast so
/// that PostgreSQL knows its type.
struct ValuesTable {
    var name: String
    /// Each column's name and SQL type (`BIGINT`, `TEXT`).
    var columns: [(name: String, type: String)]
    /// The rows, each with one value per column; at least one.
    var rows: [[SQLValue]]

    /// The `name(columns) AS (VALUES ...)` clause.
    var sql: String {
        let row = "(" + columns.map { "CAST(? AS \($0.type))" }.joined(separator: ", ") + ")"
        return "\(name)(\(columns.map(\.name).joined(separator: ", "))) AS (VALUES \(Array(repeating: row, count: rows.count).joined(separator: ", ")))"
    }

    /// The values of every row, in the order of `sql`'s placeholders.
    var binds: [SQLValue] { rows.flatMap { $0 } }
}
