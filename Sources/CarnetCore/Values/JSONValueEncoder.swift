import Foundation

/// Encodes a value straight to a ``JSONValue``, as ``CarnetJSON/encoder`` would write it
/// (dates as ``Timestamp/format(_:)``), without going through JSON text.
///
/// Every update compares two versions of a row field by field, and every before-hook sees
/// its row as JSON: encoding to text and parsing it back cost far more than the write itself.
enum JSONValueEncoder {
    static func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        try Node.json(value, path: [])
    }

    /// One value being encoded: a plain value, or an object or array. A member is stored as
    /// its finished value as soon as it is encoded; only containers opened with
    /// `nestedContainer` stay nodes until the end.
    final class Node {
        var value: JSONValue = .null
        var members: [String: JSONValue]?
        var nested: [String: Node]?
        var items: [Node]?

        init() {}

        var json: JSONValue {
            if var members {
                for (key, node) in nested ?? [:] { members[key] = node.json }
                return .object(members)
            }
            if let items { return .array(items.map(\.json)) }
            return value
        }

        /// The JSON of `value`; the common leaf types skip the encoder machinery.
        static func json<T: Encodable>(_ value: T, path: @autoclosure () -> [any CodingKey]) throws -> JSONValue {
            switch value {
            case let text as String: return .string(text)
            case let text as String?: return text.map(JSONValue.string) ?? .null
            case let date as Date: return .string(Timestamp.format(date))
            case let date as Date?: return date.map { .string(Timestamp.format($0)) } ?? .null
            case let number as Int: return .number(Double(number))
            case let number as Int?: return number.map { .number(Double($0)) } ?? .null
            case let number as Int64?: return number.map { .number(Double($0)) } ?? .null
            case let flag as Bool: return .bool(flag)
            case let json as JSONValue: return json
            case let texts as [String]: return .array(texts.map(JSONValue.string))
            case let members as [String: JSONValue]: return .object(members)
            default:
                let node = Node()
                try value.encode(to: TreeEncoder(node: node, codingPath: path()))
                return node.json
            }
        }

        func box<T: Encodable>(_ value: T, path: @autoclosure () -> [any CodingKey]) throws {
            self.value = try Self.json(value, path: path())
        }

        func set(_ key: String, _ value: JSONValue) {
            if members == nil { members = [:] }
            members![key] = value
        }

        func child(_ key: String) -> Node {
            if members == nil { members = [:] }
            if nested == nil { nested = [:] }
            let node = Node()
            nested![key] = node
            return node
        }

        func appended() -> Node {
            if items == nil { items = [] }
            let node = Node()
            items!.append(node)
            return node
        }
    }

    struct TreeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if node.members == nil { node.members = [:] }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if node.items == nil { node.items = [] }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            Single(node: node, codingPath: codingPath)
        }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        func set(_ value: JSONValue, _ key: Key) { node.set(key.stringValue, value) }
        mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { set(.number(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.number(Double(value)), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            node.set(key.stringValue, try Node.json(value, path: codingPath + [key]))
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.child("super"), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int { node.items?.count ?? 0 }

        func add(_ value: JSONValue) { node.appended().value = value }
        mutating func encodeNil() throws { add(.null) }
        mutating func encode(_ value: Bool) throws { add(.bool(value)) }
        mutating func encode(_ value: String) throws { add(.string(value)) }
        mutating func encode(_ value: Double) throws { add(.number(value)) }
        mutating func encode(_ value: Float) throws { add(.number(Double(value))) }
        mutating func encode(_ value: Int) throws { add(.number(Double(value))) }
        mutating func encode(_ value: Int8) throws { add(.number(Double(value))) }
        mutating func encode(_ value: Int16) throws { add(.number(Double(value))) }
        mutating func encode(_ value: Int32) throws { add(.number(Double(value))) }
        mutating func encode(_ value: Int64) throws { add(.number(Double(value))) }
        mutating func encode(_ value: UInt) throws { add(.number(Double(value))) }
        mutating func encode(_ value: UInt8) throws { add(.number(Double(value))) }
        mutating func encode(_ value: UInt16) throws { add(.number(Double(value))) }
        mutating func encode(_ value: UInt32) throws { add(.number(Double(value))) }
        mutating func encode(_ value: UInt64) throws { add(.number(Double(value))) }
        mutating func encode<T: Encodable>(_ value: T) throws { try node.appended().box(value, path: codingPath) }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: node.appended(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.appended(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.appended(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.value = .null }
        mutating func encode(_ value: Bool) throws { node.value = .bool(value) }
        mutating func encode(_ value: String) throws { node.value = .string(value) }
        mutating func encode(_ value: Double) throws { node.value = .number(value) }
        mutating func encode(_ value: Float) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int8) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int16) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int32) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: Int64) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt8) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt16) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt32) throws { node.value = .number(Double(value)) }
        mutating func encode(_ value: UInt64) throws { node.value = .number(Double(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try node.box(value, path: codingPath) }
    }
}
