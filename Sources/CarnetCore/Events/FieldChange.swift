import Foundation

/// One field that changed value, for the audit log and `*.updated` event payloads.
public struct FieldChange: Sendable, Equatable, Codable {
    public var field: String
    public var old: JSONValue
    public var new: JSONValue

    public init(field: String, old: JSONValue, new: JSONValue) {
        self.field = field
        self.old = old
        self.new = new
    }

    /// Fields that change on every write and would only add noise to the log.
    static let ignored: Set<String> = ["version", "updated_at", "stage_changed_at"]

    /// The fields that differ between two versions of an entity, in API names, sorted.
    /// Custom fields are compared one by one (`custom.need`).
    public static func between<T: Encodable>(_ old: T, _ new: T) -> [FieldChange] {
        guard case .object(let before) = JSONValue.of(old), case .object(let after) = JSONValue.of(new) else { return [] }
        var changes: [FieldChange] = []
        for key in Set(before.keys).union(after.keys).sorted() where !ignored.contains(key) {
            let lhs = before[key] ?? .null, rhs = after[key] ?? .null
            guard lhs != rhs else { continue }
            if key == "custom_fields", case .object(let a) = lhs, case .object(let b) = rhs {
                for name in Set(a.keys).union(b.keys).sorted() where a[name] != b[name] {
                    changes.append(FieldChange(field: "custom.\(name)", old: a[name] ?? .null, new: b[name] ?? .null))
                }
            } else {
                changes.append(FieldChange(field: key, old: lhs, new: rhs))
            }
        }
        return changes
    }

    /// The `{field: {old, new}}` payload of an update event.
    public static func payload(_ changes: [FieldChange]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: changes.map { ($0.field, JSONValue.object(["old": $0.old, "new": $0.new])) }))
    }
}

extension JSONValue {
    /// The JSON form of an encodable value, as the API would write it, built without JSON
    /// text (``JSONValueEncoder``); `.null` when the value does not encode.
    public static func of<T: Encodable>(_ value: T) -> JSONValue {
        (try? JSONValueEncoder.encode(value)) ?? .null
    }
}
