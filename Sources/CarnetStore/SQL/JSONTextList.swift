import CarnetCore

/// Lists of texts (e-mails, phones, tags) as the JSON arrays stored in their columns,
/// written and read without `JSONEncoder`/`JSONDecoder`.
///
/// Every row read or written goes through these: a list page of 50 contacts decoded
/// 150 such arrays, and `JSONDecoder` spent more time on them than SQLite on the query.
/// Both directions handle the whole JSON string syntax; `decode` answers nil for
/// anything that is not an array of strings, and the caller falls back to the decoder.
enum JSONTextList {
    /// The JSON text of a list of texts, the same text `JSONEncoder` writes.
    static func encode(_ texts: [String]) -> String {
        if texts.isEmpty { return "[]" }
        var writer = JSONWriter()
        writer.value(texts)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The texts of a JSON array of strings, or nil when `json` is anything else.
    static func decode(_ json: String) -> [String]? {
        if json == "[]" { return [] }
        var utf8 = json.utf8[...]
        var texts: [String] = []
        skipSpace(&utf8)
        guard utf8.popFirst() == UInt8(ascii: "[") else { return nil }
        skipSpace(&utf8)
        if utf8.first == UInt8(ascii: "]") {
            utf8.removeFirst()
            skipSpace(&utf8)
            return utf8.isEmpty ? [] : nil
        }
        while true {
            skipSpace(&utf8)
            guard let text = string(&utf8) else { return nil }
            texts.append(text)
            skipSpace(&utf8)
            switch utf8.popFirst() {
            case UInt8(ascii: ","): continue
            case UInt8(ascii: "]"):
                skipSpace(&utf8)
                return utf8.isEmpty ? texts : nil
            default: return nil
            }
        }
    }

    private static func skipSpace(_ utf8: inout Substring.UTF8View) {
        while let byte = utf8.first, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { utf8.removeFirst() }
    }

    /// One JSON string literal, escapes resolved; nil when malformed.
    private static func string(_ utf8: inout Substring.UTF8View) -> String? {
        guard utf8.popFirst() == UInt8(ascii: "\"") else { return nil }
        var bytes: [UInt8] = []
        while let byte = utf8.popFirst() {
            switch byte {
            case UInt8(ascii: "\""): return String(validating: bytes, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = utf8.popFirst() else { return nil }
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escaped)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "b"): bytes.append(0x08)
                case UInt8(ascii: "f"): bytes.append(0x0C)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape(&utf8) else { return nil }
                    bytes += Array(String(Character(scalar)).utf8)
                default: return nil
                }
            case 0x00..<0x20: return nil
            default: bytes.append(byte)
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (the `\u` already read), joining a surrogate pair.
    private static func unicodeEscape(_ utf8: inout Substring.UTF8View) -> Unicode.Scalar? {
        guard let high = hex4(&utf8) else { return nil }
        guard (0xD800..<0xDC00).contains(high) else { return Unicode.Scalar(high) }
        guard utf8.popFirst() == UInt8(ascii: "\\"), utf8.popFirst() == UInt8(ascii: "u"),
              let low = hex4(&utf8), (0xDC00..<0xE000).contains(low) else { return nil }
        return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    private static func hex4(_ utf8: inout Substring.UTF8View) -> UInt32? {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = utf8.popFirst() else { return nil }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }
}
