import CarnetCore

/// The few spellings that differ between SQLite and PostgreSQL, kept in one place.
public struct SQLDialectInfo: Sendable {
    public let dialect: SQLDialect

    public init(_ dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// `FOR UPDATE SKIP LOCKED` on PostgreSQL; nothing on SQLite, whose writer is exclusive.
    public var skipLocked: String {
        dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
    }

    /// `FOR UPDATE` on PostgreSQL; nothing on SQLite.
    public var forUpdate: String {
        dialect == .postgres ? " FOR UPDATE" : ""
    }
}
