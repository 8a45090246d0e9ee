import Foundation

/// Decodes RFC 2047 encoded words in a header value: `=?UTF-8?B?w4lsb2RpZQ==?=`, `=?ISO-8859-1?Q?caf=E9?=`.
///
/// Blanks between two encoded words are dropped, as the RFC says; the bytes of adjacent words
/// in one charset are joined before decoding, so a character split across two words (mailers
/// cut long UTF-8 subjects anywhere) comes out whole. Text that only looks like an encoded
/// word stays as written.
enum EncodedWords {
    static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var output = ""
        var pending: (charset: String, bytes: [UInt8])?
        var rest = Substring(value)
        func flush() {
            if let run = pending { output += MIMECharset.decode(run.bytes, charset: run.charset) }
            pending = nil
        }
        while let start = rest.range(of: "=?") {
            let before = rest[..<start.lowerBound]
            guard let word = Self.word(at: rest[start.lowerBound...]) else {
                flush()
                output += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
                continue
            }
            let onlyBlanks = before.allSatisfy { $0 == " " || $0 == "\t" }
            if !(pending != nil && onlyBlanks) {
                flush()
                output += before
            }
            if let run = pending, run.charset == word.charset {
                pending = (run.charset, run.bytes + word.bytes)
            } else {
                flush()
                pending = (word.charset, word.bytes)
            }
            rest = rest[word.end...]
        }
        flush()
        output += rest
        return output
    }

    /// The encoded word at the start of `text`: its charset (language suffix removed), its bytes and where it ends.
    private static func word(at text: Substring) -> (charset: String, bytes: [UInt8], end: Substring.Index)? {
        let body = text.dropFirst(2)
        let parts = body.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, !parts[0].isEmpty, !parts[0].contains(where: \.isWhitespace), parts[1].count == 1, parts[3].hasPrefix("=") else { return nil }
        let encoded = parts[2]
        guard !encoded.contains(where: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }) else { return nil }
        let charset = String(parts[0].split(separator: "*").first ?? parts[0]).lowercased()
        let bytes: [UInt8]
        switch parts[1].uppercased() {
        case "B": bytes = TransferDecoding.base64(encoded.utf8)
        case "Q": bytes = TransferDecoding.quotedPrintable(encoded.utf8, underscoreIsSpace: true)
        default: return nil
        }
        return (charset, bytes, parts[3].index(after: parts[3].startIndex))
    }
}
