import Foundation

extension CarnetError {
    /// The problem to answer for a body that did not decode: syntax errors are 400
    /// (`malformed`), wrong or missing fields 422 naming the field.
    public init(decoding error: DecodingError, body: Data) {
        self = Self.problem(error, body: body)
    }

    private static func problem(_ error: DecodingError, body: Data) -> CarnetError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { name, key in
                if let index = key.intValue { return "\(name)[\(index)]" }
                return name.isEmpty ? key.stringValue : "\(name).\(key.stringValue)"
            }
        }
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty, .valueNotFound(_, let context) where context.codingPath.isEmpty:
            return .malformed(detail: "The body must be a JSON object.", field: nil)
        case .typeMismatch(let type, let context):
            return .validation([FieldError(path(context.codingPath), "must be \(describe(type))")])
        case .valueNotFound(let type, let context):
            return .validation([FieldError(path(context.codingPath), "must be \(describe(type)), not null")])
        case .keyNotFound(let key, let context):
            return .validation([FieldError(path(context.codingPath + [key]), "is required")])
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return unreadable(body)
            }
            return .validation([FieldError(path(context.codingPath), context.debugDescription)])
        @unknown default:
            return .malformed(detail: "The body could not be read.", field: nil)
        }
    }

    /// Foundation reports a number that does not fit its field (`1.5` or `1e30` where a whole
    /// number is expected) like a syntax error, without a path. When the body is valid JSON,
    /// name the top-level fields holding such numbers instead of calling it malformed.
    private static func unreadable(_ body: Data) -> CarnetError {
        guard let object = try? CarnetJSON.decoder.decode(JSONValue.self, from: body) else {
            return .malformed(detail: "The body is not valid JSON.", field: nil)
        }
        guard case .object(let members) = object else {
            return .malformed(detail: "The body must be a JSON object.", field: nil)
        }
        let fields = members.keys.sorted().filter { key in
            guard key != "custom_fields", case .number(let value) = members[key] else { return false }
            return value.rounded() != value || abs(value) >= 9.2e18
        }
        guard !fields.isEmpty else {
            return .malformed(detail: "A value in the body does not fit its field.", field: nil)
        }
        return .validation(fields.map { FieldError($0, "must be a whole number") })
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is String?.Type: "a string"
        case is Int.Type, is Int64.Type, is Int?.Type, is Int64?.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type, is Bool?.Type: "true or false"
        case is [String].Type: "a list of strings"
        default: "of type \(type)"
        }
    }
}
