import CarnetCore
import Foundation

/// The answers of a JSON submission or badge as texts, the way an HTML form sends them:
/// strings as they are, booleans as `true`/`false`, numbers written out, `null` left out.
public enum SubmissionValues {
    /// The members of a JSON object body; anything but an object is a 422, and so is a member
    /// that is an array or an object (naming it, under `prefix` when given: `items[3].email`).
    public static func read(json data: Data, prefix: String = "", language: Language = .en) throws -> [String: String] {
        let value: JSONValue
        do {
            value = try CarnetJSON.decoder.decode(JSONValue.self, from: data)
        } catch {
            throw CarnetError.malformed(detail: "The body is not JSON.", field: nil)
        }
        return try read(value, prefix: prefix, language: language)
    }

    /// The members of one JSON object, as `read(json:)` reads them.
    public static func read(_ value: JSONValue, prefix: String = "", language: Language = .en) throws(CarnetError) -> [String: String] {
        guard case .object(let members) = value else {
            throw .validation([FieldError(prefix.isEmpty ? "body" : prefix, L10n.text("capture.body_object", language))])
        }
        var values: [String: String] = [:]
        var check = Validator()
        for (name, member) in members {
            switch member {
            case .string(let text): values[name] = text
            case .bool(let flag): values[name] = flag ? "true" : "false"
            case .number(let number): values[name] = number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
            case .null: break
            case .array, .object: check.fail(prefix.isEmpty ? name : "\(prefix).\(name)", L10n.text("capture.value_kind", language))
            }
        }
        try check.check()
        return values
    }
}
