import CarnetCore
import Foundation

/// Converting between the API's JSON records and Lua tables for the `crm` functions.
public enum CRMValues {
    /// A record as scripts see it: a table with the JSON API's field names.
    public static func record<Row: Encodable>(_ row: Row) throws -> LuaValue {
        LuaValue(JSONValue.of(row))
    }

    /// A list of records as a Lua sequence.
    public static func records<Row: Encodable>(_ rows: [Row]) throws -> LuaValue {
        .array(try rows.map(record))
    }

    /// A table of fields decoded as the API decodes a request body: an unknown field or a
    /// value of the wrong type is a validation error naming the field.
    public static func decode<Value: Decodable>(_ type: Value.Type, from fields: [String: LuaValue]) throws -> Value {
        let data = try CarnetJSON.encoder.encode(LuaValue.object(fields).json)
        do {
            return try CarnetJSON.decoder.decode(Value.self, from: data)
        } catch let error as DecodingError {
            throw CarnetError(decoding: error, body: data)
        }
    }

    /// The fields as compact JSON text with sorted keys, for the writes `replay` prints.
    static func text(_ fields: [String: LuaValue]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(LuaValue.object(fields).json)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// An optional filter table (nil or absent is empty).
    static func filter(_ arguments: [LuaValue], at position: Int) throws -> [String: LuaValue] {
        if case .nil = arguments.value(argument: position) { return [:] }
        return try arguments.object(argument: position)
    }
}

/// Reading the members of a filter table with the type each needs, naming the key on a
/// mismatch: "crm.deals.find: filter.stage must be a string, got number".
public struct CRMFilter {
    let function: String
    let members: [String: LuaValue]
    /// The keys the function knows; any other is an error, so a typo does not widen a search.
    let known: Set<String>

    init(_ function: String, _ members: [String: LuaValue], known: Set<String>) throws {
        self.function = function
        self.members = members
        self.known = known.union(["limit"])
        if let unknown = members.keys.sorted().first(where: { !self.known.contains($0) }) {
            throw CarnetError.validation([FieldError(unknown, "is not a filter of \(function) (known: \(self.known.sorted().joined(separator: ", ")))")])
        }
    }

    public func string(_ key: String) throws -> String? {
        switch members[key] {
        case nil, .nil?: return nil
        case .string(let value)?: return value
        case let other?: throw CarnetError.validation([FieldError(key, "must be a string, got \(other.typeName)")])
        }
    }

    /// `limit`, 1...200, 50 when absent.
    public func limit() throws -> Int {
        switch members["limit"] {
        case nil, .nil?: return Limits.defaultPageSize
        case .integer(let value)?: return Limits.clampPage(Int(clamping: value))
        case let other?: throw CarnetError.validation([FieldError("limit", "must be an integer, got \(other.typeName)")])
        }
    }
}
