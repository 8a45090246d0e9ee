import Foundation

/// A value that writes its own JSON, the same JSON its `Encodable` conformance gives
/// through `CarnetJSON.encoder`, several times faster.
///
/// Lists of 50 contacts spent more than half of their time in `JSONEncoder`, and every
/// create encodes its row inside the write transaction, where requests queue for the
/// single SQLite writer. The hot entities write themselves; a test keeps each writer
/// equal to the `Encodable` form.
public protocol JSONWritable: Encodable {
    func write(to writer: inout JSONWriter)
}

extension JSONWritable {
    /// The value's JSON text.
    public var json: Data {
        var writer = JSONWriter()
        write(to: &writer)
        return Data(writer.bytes)
    }
}

/// Writes JSON text into a byte buffer: objects, arrays and the value types of Carnet's
/// entities. Keys are written as given (they are ASCII literals); strings are escaped as
/// `JSONEncoder` escapes them with `.withoutEscapingSlashes`.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []
    /// Whether the container being written already has a member (so the next needs a comma).
    private var hasMember: [Bool] = []

    public init() {
        bytes.reserveCapacity(1024)
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        hasMember.append(false)
    }

    public mutating func endObject() {
        hasMember.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        hasMember.append(false)
    }

    public mutating func endArray() {
        hasMember.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Starts an object member; the value written next belongs to it.
    public mutating func key(_ key: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        hasMember[hasMember.count - 1] = false
    }

    /// Writes `null` or the string.
    public mutating func value(_ text: String?) {
        guard let text else { return null() }
        separate()
        escape(text)
    }

    public mutating func value(_ number: Int) {
        separate()
        bytes.append(contentsOf: String(number).utf8)
    }

    public mutating func value(_ flag: Bool) {
        separate()
        bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    /// Writes `null` or the instant as `Timestamp.format` does.
    public mutating func value(_ date: Date?) {
        guard let date else { return null() }
        separate()
        escape(Timestamp.format(date))
    }

    public mutating func value(_ texts: [String]) {
        beginArray()
        for text in texts { value(text) }
        endArray()
    }

    /// Custom fields and other free JSON; an empty object costs nothing, others go through `JSONEncoder`.
    public mutating func value(_ fields: [String: JSONValue]) {
        separate()
        if fields.isEmpty {
            bytes.append(contentsOf: "{}".utf8)
        } else {
            bytes.append(contentsOf: (try? CarnetJSON.encoder.encode(fields)) ?? Data("{}".utf8))
        }
    }

    /// A member: `key` then its value, for each value type above.
    public mutating func field(_ name: StaticString, _ text: String?) { key(name); value(text) }
    public mutating func field(_ name: StaticString, _ number: Int) { key(name); value(number) }
    public mutating func field(_ name: StaticString, _ flag: Bool) { key(name); value(flag) }
    public mutating func field(_ name: StaticString, _ date: Date?) { key(name); value(date) }
    public mutating func field(_ name: StaticString, _ texts: [String]) { key(name); value(texts) }
    public mutating func field(_ name: StaticString, _ fields: [String: JSONValue]) { key(name); value(fields) }

    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// Writes the comma before a value that is not its container's first; a value right after a key needs none.
    private mutating func separate() {
        guard let last = hasMember.indices.last else { return }
        if hasMember[last] { bytes.append(UInt8(ascii: ",")) }
        hasMember[last] = true
    }

    private static let hex = Array("0123456789abcdef".utf8)

    private mutating func escape(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most texts need no escaping: copy them whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x00..<0x20: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
