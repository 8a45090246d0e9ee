/// Decoding helpers for partial updates (`PATCH`) and for strict bodies.
///
/// A patch field is `T??`: `nil` when the key is absent (keep the value),
/// `.some(nil)` when it is JSON `null` (clear it), `.some(value)` to set it.
extension KeyedDecodingContainer {
    /// Decodes one patch field.
    public func patch<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T?? {
        guard contains(key) else { return nil }
        if try decodeNil(forKey: key) { return .some(nil) }
        return .some(try decode(T.self, forKey: key))
    }
}

/// A coding key for any name, used to find the keys a body has.
public struct AnyCodingKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int?
    public init(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

/// Refuses keys a body type does not know, so a typo (`frist_name`) is an error, not a silent no-op.
public func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(in decoder: any Decoder, known: Keys.Type) throws {
    let container = try decoder.container(keyedBy: AnyCodingKey.self)
    for key in container.allKeys where Keys(stringValue: key.stringValue) == nil {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [key], debugDescription: "unknown field"))
    }
}

/// Applies a patch field to a property.
@inline(__always)
public func apply<T>(_ patch: T??, to value: inout T?) {
    if let patch { value = patch }
}

/// Applies a patch field to a non-optional property; `null` resets it to `empty`.
@inline(__always)
public func apply<T>(_ patch: T??, to value: inout T, empty: T) {
    if let patch { value = patch ?? empty }
}
