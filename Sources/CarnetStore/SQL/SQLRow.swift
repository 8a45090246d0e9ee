import CarnetCore
import Foundation

/// One result row: column names and values, read by name with typed accessors.
public struct SQLRow: Sendable {
    /// The result's column names, shared by all its rows.
    public let columns: SQLColumns
    public let values: [SQLValue]

    public init(columns: SQLColumns, values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of a column, `.null` when the row has no such column.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.position(of: column) else { return .null }
        return values[index]
    }

    public func string(_ column: String) -> String? {
        switch self[column] {
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .null: nil
        }
    }

    public func int64(_ column: String) -> Int64? {
        switch self[column] {
        case .integer(let value): value
        case .real(let value): Int64(value)
        case .text(let text): Int64(text)
        case .null: nil
        }
    }

    public func int(_ column: String) -> Int? {
        int64(column).map { Int($0) }
    }

    public func bool(_ column: String) -> Bool {
        (int64(column) ?? 0) != 0
    }

    public func double(_ column: String) -> Double? {
        switch self[column] {
        case .real(let value): value
        case .integer(let value): Double(value)
        case .text(let text): Double(text)
        case .null: nil
        }
    }

    /// A millisecond timestamp column as a date.
    public func date(_ column: String) -> Date? {
        int64(column).map(Timestamp.date(millis:))
    }

    /// A JSON text column decoded, or `fallback` when null or unreadable.
    public func json<T: Decodable>(_ column: String, as type: T.Type, fallback: T) -> T {
        guard let text = string(column), let value = try? CarnetJSON.decoder.decode(T.self, from: Data(text.utf8)) else { return fallback }
        return value
    }

    /// A column holding a JSON array of strings, read without `JSONDecoder` when it can be.
    public func texts(_ column: String) -> [String] {
        guard let text = string(column) else { return [] }
        return JSONTextList.decode(text) ?? json(column, as: [String].self, fallback: [])
    }

    /// A column holding a JSON object of custom fields; `{}` costs no decoding.
    public func fields(_ column: String) -> [String: JSONValue] {
        string(column) == "{}" ? [:] : json(column, as: [String: JSONValue].self, fallback: [:])
    }
}

extension SQLValue {
    /// A date as integer milliseconds.
    public static func date(_ date: Date?) -> SQLValue {
        date.map { .integer(Timestamp.millis($0)) } ?? .null
    }

    /// A value as JSON text.
    public static func json<T: Encodable>(_ value: T) -> SQLValue {
        guard let data = try? CarnetJSON.encoder.encode(value) else { return .null }
        return .text(String(decoding: data, as: UTF8.self))
    }

    /// A list of texts as JSON text, written directly (see `JSONTextList`).
    public static func json(_ texts: [String]) -> SQLValue {
        .text(JSONTextList.encode(texts))
    }

    /// Custom fields as JSON text; no fields is `{}` without going through the encoder.
    public static func json(_ fields: [String: JSONValue]) -> SQLValue {
        fields.isEmpty ? .text("{}") : json(JSONValue.object(fields))
    }
}
