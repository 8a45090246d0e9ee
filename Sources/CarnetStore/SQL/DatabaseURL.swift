import CarnetCore
import Foundation
import Logging

/// Where the data lives: `sqlite://data/carnet.sqlite` (relative or absolute path) or
/// `postgres://user:password@host:5432/dbname`.
public enum DatabaseURL: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresTarget)

    /// The parts of a PostgreSQL URL.
    public struct PostgresTarget: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
    }

    /// Parses a database URL; the error says what is wrong with it.
    public init(_ text: String) throws(StoreError) {
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            guard !path.isEmpty else { throw .badURL("database.url \(text): give a file path after sqlite://") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
                throw .badURL("database.url: cannot read \(text); expected postgres://user:password@host:5432/dbname")
            }
            let database = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            self = .postgres(PostgresTarget(
                host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
                password: components.password?.removingPercentEncoding, database: database.isEmpty ? (components.user ?? "postgres") : database
            ))
        } else {
            throw .badURL("database.url \(text): must start with sqlite:// or postgres://")
        }
    }

    /// Opens the database this URL names.
    public func open(poolSize: Int, schema: String? = nil, logger: Logger) throws -> any Database {
        switch self {
        case .sqlite(let path): try SQLiteDatabase(path: path, readers: poolSize)
        case .postgres(let target): PostgreSQLDatabase(url: target, poolSize: poolSize, schema: schema, logger: logger)
        }
    }
}
