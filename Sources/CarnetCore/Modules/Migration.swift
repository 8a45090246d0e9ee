/// The SQL dialects Carnet speaks.
public enum SQLDialect: String, Sendable {
    case sqlite, postgres
}

/// One numbered, append-only schema change of the core or of a module.
///
/// Once a migration has shipped it is never edited: a later number changes it.
/// `statements` gets the dialect so the rare type that differs can be spelled per
/// database; most migrations ignore it.
public struct Migration: Sendable {
    public let number: Int
    public let name: String
    public let statements: @Sendable (SQLDialect) -> [String]

    public init(_ number: Int, _ name: String, statements: @escaping @Sendable (SQLDialect) -> [String]) {
        self.number = number
        self.name = name
        self.statements = statements
    }

    /// A migration whose SQL is the same on both databases.
    public init(_ number: Int, _ name: String, sql: [String]) {
        self.init(number, name) { _ in sql }
    }
}
