/// Failures of the database itself, as opposed to a user's mistake.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// A unique index refused a row; `constraint` names the index or column when known.
    case uniqueViolation(constraint: String, message: String)
    /// The database reported an error for a statement.
    case sql(message: String, sql: String)
    /// The configuration does not describe a database Carnet can open.
    case badURL(String)
    /// The database is busy beyond the wait limit, or closed.
    case unavailable(String)

    public var description: String {
        switch self {
        case .uniqueViolation(let constraint, let message): "unique constraint \(constraint) failed: \(message)"
        case .sql(let message, let sql): "\(message) — in SQL: \(sql.prefix(300))"
        case .badURL(let reason): reason
        case .unavailable(let reason): reason
        }
    }
}
