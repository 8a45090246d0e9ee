import CarnetCore
import Foundation

/// One result row: column names and values, read by name with typed accessors.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of a column, `.null` when the row has no such column.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
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

    /// A list of texts as JSON text, written directly: the same text `JSONEncoder` writes,
    /// without its cost on every row of a bulk insert.
    public static func json(_ texts: [String]) -> SQLValue {
        if texts.isEmpty { return .text("[]") }
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, text) in texts.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
                case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
                case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
                case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
                case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
                case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
                case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
                case 0x00..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "]"))
        return .text(String(decoding: bytes, as: UTF8.self))
    }

    /// Custom fields as JSON text; no fields is `{}` without going through the encoder.
    public static func json(_ fields: [String: JSONValue]) -> SQLValue {
        fields.isEmpty ? .text("{}") : json(JSONValue.object(fields))
    }
}
