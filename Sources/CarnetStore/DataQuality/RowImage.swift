import CarnetCore

/// A table row as a JSON object of its columns' stored values: what a merge keeps of each
/// record so that an undo writes it back exactly, column by column.
enum RowImage {
    /// The row's columns and values; integers become numbers, texts strings.
    static func json(_ row: SQLRow) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (index, name) in row.columns.names.enumerated() {
            switch row.values[index] {
            case .null: members[name] = .null
            case .integer(let value): members[name] = .number(Double(value))
            case .real(let value): members[name] = .number(value)
            case .text(let text): members[name] = .string(text)
            }
        }
        return .object(members)
    }

    /// The row back from its image.
    static func row(_ image: JSONValue) -> SQLRow {
        guard case .object(let members) = image else { return SQLRow(columns: SQLColumns([]), values: []) }
        let names = members.keys.sorted()
        return SQLRow(columns: SQLColumns(names), values: names.map { value(members[$0] ?? .null) })
    }

    /// Writes every column of the image back into the row of `table` with its id.
    static func restore(_ image: JSONValue, table: String, _ conn: any SQLConnection) throws {
        let row = row(image)
        let names = row.columns.names.filter { $0 != "id" }
        guard let id = row.string("id"), !names.isEmpty else { return }
        let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")
        try conn.execute("UPDATE \(table) SET \(assignments) WHERE id = ?", names.map { row[$0] } + [.text(id)])
    }

    private static func value(_ json: JSONValue) -> SQLValue {
        switch json {
        case .number(let number): number.rounded() == number ? .integer(Int64(number)) : .real(number)
        case .string(let text): .text(text)
        case .bool(let flag): .bool(flag)
        case .null, .array, .object: .null
        }
    }
}
