/// A value bound to or read from SQL, the same on SQLite and PostgreSQL.
///
/// Booleans are stored as integers 0/1 and timestamps as integer milliseconds, so
/// one statement text serves both databases.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// Wraps an optional integer.
    public static func int<T: BinaryInteger>(_ value: T?) -> SQLValue {
        value.map { .integer(Int64($0)) } ?? .null
    }

    /// Wraps an optional text.
    public static func string(_ value: String?) -> SQLValue {
        value.map { .text($0) } ?? .null
    }

    /// A boolean as 0 or 1.
    public static func bool(_ value: Bool) -> SQLValue {
        .integer(value ? 1 : 0)
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}
