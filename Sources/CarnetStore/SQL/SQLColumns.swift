/// The column names of a query result, with their positions, built once per query and
/// shared by its rows.
///
/// Rows are read by column name (`row.string("email")`); a contact has 28 columns, so
/// a linear search per read cost more than the rest of turning rows into values.
public final class SQLColumns: Sendable {
    public let names: [String]
    /// Each name's position; when a name repeats (a join), its first one.
    let position: [String: Int]

    public init(_ names: [String]) {
        self.names = names
        var position: [String: Int] = [:]
        for (index, name) in names.enumerated() where position[name] == nil { position[name] = index }
        self.position = position
    }
}
