import CarnetCore
import Foundation
import GRDB

/// A GRDB database handle seen as a `SQLConnection`; statements are prepared once and cached.
struct GRDBConnection: SQLConnection {
    let db: GRDB.Database
    var dialect: SQLDialectInfo { SQLDialectInfo(.sqlite) }

    @discardableResult
    func execute(_ sql: String, _ binds: [SQLValue]) throws -> Int {
        do {
            let statement = try db.cachedStatement(sql: sql)
            try statement.execute(arguments: Self.arguments(binds))
            return db.changesCount
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    func query(_ sql: String, _ binds: [SQLValue]) throws -> [SQLRow] {
        do {
            let statement = try db.cachedStatement(sql: sql)
            let columns = statement.columnNames
            let cursor = try Row.fetchCursor(statement, arguments: Self.arguments(binds))
            var rows: [SQLRow] = []
            while let row = try cursor.next() {
                rows.append(SQLRow(columns: columns, values: row.databaseValues.map(Self.value)))
            }
            return rows
        } catch let error as DatabaseError {
            throw Self.translate(error)
        }
    }

    static func arguments(_ binds: [SQLValue]) -> StatementArguments {
        StatementArguments(binds.map { bind -> (any DatabaseValueConvertible)? in
            switch bind {
            case .null: nil
            case .integer(let value): value
            case .real(let value): value
            case .text(let value): value
            }
        })
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: .null
        case .int64(let number): .integer(number)
        case .double(let number): .real(number)
        case .string(let text): .text(text)
        case .blob(let data): .text(String(decoding: data, as: UTF8.self))
        }
    }

    /// Maps SQLite's errors to `StoreError`, naming the constraint when one failed.
    static func translate(_ error: DatabaseError) -> StoreError {
        if error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
            let message = error.message ?? "unique constraint failed"
            let constraint = message.components(separatedBy: ": ").last ?? message
            return .uniqueViolation(constraint: constraint, message: message)
        }
        if error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return .unavailable("the SQLite database is busy: \(error.message ?? "")")
        }
        return .sql(message: error.message ?? "\(error.resultCode)", sql: error.sql ?? "")
    }
}
