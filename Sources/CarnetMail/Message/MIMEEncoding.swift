/// The byte-level encodings of MIME: RFC 2047 encoded-words and RFC 2045 quoted-printable.
enum MIMEEncoding {
    /// The longest encoded-word written, delimiters included.
    ///
    /// RFC 2047 allows 75; 66 keeps the first word on the header's first line within 78 characters
    /// after the longest name it usually follows, `Reply-To: `.
    static let maximumEncodedWordLength = 66

    /// Whether a header text must be written as encoded-words: non-ASCII, control characters, or a
    /// literal `=?` that a reader would otherwise take for the start of an encoded-word.
    static func needsEncodedWords(_ text: String) -> Bool {
        text.utf8.contains { $0 >= 0x7F || ($0 < 0x20 && $0 != 0x09) } || text.contains("=?")
    }

    /// Encodes a text as `=?UTF-8?Q?…?=` words of at most ``maximumEncodedWordLength`` characters.
    ///
    /// The Q alphabet used is the one RFC 2047 allows inside a display name, so the same words serve
    /// subjects and names. A character is never split across two words; spaces become `_`, so the
    /// whitespace between words carries no meaning and the text decodes exactly.
    static func encodedWords(_ text: String) -> [String] {
        let prefix = "=?UTF-8?Q?"
        let suffix = "?="
        let budget = maximumEncodedWordLength - prefix.count - suffix.count
        var words: [String] = []
        var current = ""
        for character in text {
            let encoded = String(character).utf8.map(qEncoded).joined()
            if !current.isEmpty && current.count + encoded.count > budget {
                words.append(prefix + current + suffix)
                current = ""
            }
            current += encoded
        }
        if !current.isEmpty || words.isEmpty {
            words.append(prefix + current + suffix)
        }
        return words
    }

    private static func qEncoded(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: " "):
            "_"
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"),
             UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            String(UnicodeScalar(byte))
        default:
            hexEscaped(byte)
        }
    }

    /// Splits a text on any of CRLF, LF or CR, so bodies written on any system end up with CRLF.
    static func lines(_ text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
    }

    /// Encodes a UTF-8 text as quoted-printable with CRLF line ends and lines of at most 76 characters.
    ///
    /// Whitespace at the end of a line is escaped so that relays stripping trailing spaces cannot
    /// alter the text; a literal `=` is always escaped, which is what makes `=_` safe as a MIME
    /// boundary prefix.
    static func quotedPrintable(_ text: String) -> String {
        lines(text).map(quotedPrintableLine).joined(separator: "\r\n")
    }

    private static func quotedPrintableLine(_ line: Substring) -> String {
        let bytes = Array(line.utf8)
        var output = ""
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let token: String
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                token = isLast ? hexEscaped(byte) : String(UnicodeScalar(byte))
            case 33...126 where byte != UInt8(ascii: "="):
                token = String(UnicodeScalar(byte))
            default:
                token = hexEscaped(byte)
            }
            if lineLength + token.count > (isLast ? 76 : 75) {
                output += "=\r\n"
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }
        return output
    }

    private static func hexEscaped(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
