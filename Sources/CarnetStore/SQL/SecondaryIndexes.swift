/// The non-unique indexes of some tables, dropped before a bulk load and made again after:
/// building an index once from sorted rows is several times quicker than updating it row
/// by row. Their definitions are read from the database itself (`sqlite_master`,
/// `pg_indexes`), so they come back exactly as the migrations made them. Run both steps in
/// the load's transaction: if the load fails, the drop rolls back with it.
struct SecondaryIndexes {
    private let definitions: [(name: String, sql: String)]

    /// Drops the non-unique indexes of `tables` and remembers how to make them again.
    static func drop(on tables: [String], _ conn: any SQLConnection) throws -> SecondaryIndexes {
        let list = tables.map { "'\($0)'" }.joined(separator: ", ")
        let sql = conn.dialect.dialect == .postgres
            ? "SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN (\(list))"
            : "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(list))"
        let definitions = try conn.query(sql, []).compactMap { row -> (name: String, sql: String)? in
            guard let name = row.string("name"), let sql = row.string("sql"), !sql.uppercased().hasPrefix("CREATE UNIQUE") else { return nil }
            return (name, sql)
        }
        for index in definitions { try conn.execute("DROP INDEX \(index.name)") }
        return SecondaryIndexes(definitions: definitions)
    }

    /// Makes the dropped indexes again.
    func restore(_ conn: any SQLConnection) throws {
        for index in definitions { try conn.execute(index.sql) }
    }
}
