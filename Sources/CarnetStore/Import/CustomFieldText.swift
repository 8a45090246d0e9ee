import CarnetCore
import Foundation

/// How a custom field's value is written in a CSV cell and read back, so export then import gives the same value.
///
/// Text is written as is; numbers, booleans, lists and objects as JSON. Text that would
/// read back as JSON (`7`, `true`, `[1]`, `"x"`) is written as a JSON string (`"7"`).
enum CustomFieldText {
    /// The cell for a value; empty for `null`.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let text):
            return json(text) == nil ? text : encoded(value)
        default: return encoded(value)
        }
    }

    /// The value of a non-empty cell: its JSON when it is JSON, the text otherwise.
    static func value(_ cell: String) -> JSONValue {
        json(cell) ?? .string(cell)
    }

    /// The JSON value a cell holds, or nil; skips the decoder when the first character cannot start JSON.
    private static func json(_ text: String) -> JSONValue? {
        guard let first = text.utf8.first, "-0123456789tfn[{\"".utf8.contains(first) else { return nil }
        return try? CarnetJSON.decoder.decode(JSONValue.self, from: Data(text.utf8))
    }

    private static func encoded(_ value: JSONValue) -> String {
        (try? CarnetJSON.encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }
}
