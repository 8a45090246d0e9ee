/// Minimal decoders for the tests, written independently of the encoders they check.
enum MIMEDecoding {
    /// Decodes quoted-printable with CRLF lines, removing soft line breaks.
    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "="), index + 2 < input.count + 1 {
                if index + 2 < input.count, input[index + 1] == 0x0D, input[index + 2] == 0x0A {
                    index += 3
                    continue
                }
                if index + 2 < input.count, let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                    index += 3
                    continue
                }
            }
            bytes.append(byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes a header value made only of `=?UTF-8?Q?…?=` words separated by folding whitespace.
    static func encodedWords(_ value: String) -> String {
        let words = value.replacingOccurrences(of: "\r\n", with: "").split(separator: " ")
        var bytes: [UInt8] = []
        for word in words {
            let text = word.dropFirst("=?UTF-8?Q?".count).dropLast(2).replacingOccurrences(of: "_", with: " ")
            bytes += Array(quotedPrintable(text).utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
