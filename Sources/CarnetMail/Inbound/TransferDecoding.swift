import Foundation

/// The `Content-Transfer-Encoding`s and RFC 2047's encoded-word encodings, decoded to bytes.
enum TransferDecoding {
    /// Base64, ignoring line breaks and anything outside the alphabet; a broken tail is dropped.
    static func base64(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var clean = bytes.filter { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2B || byte == 0x2F
        }
        clean.removeLast(clean.count % 4 == 1 ? 1 : 0)
        while clean.count % 4 != 0 { clean.append(0x3D) }
        return Data(base64Encoded: Data(clean)).map(Array.init) ?? []
    }

    /// Quoted-printable: `=XX` is a byte, `=` at a line end joins the lines; in an encoded
    /// word (`underscoreIsSpace`) `_` stands for a space. A malformed `=` stays as written.
    static func quotedPrintable(_ bytes: some Collection<UInt8>, underscoreIsSpace: Bool = false) -> [UInt8] {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity(input.count)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                var end = index + 1
                while end < input.count, input[end] == 0x20 || input[end] == 0x09 { end += 1 }
                if end < input.count, input[end] == 0x0D { end += 1 }
                if end == input.count || input[end] == 0x0A {
                    index = end + 1
                    continue
                }
                if index + 2 < input.count, let high = hex(input[index + 1]), let low = hex(input[index + 2]) {
                    output.append(high << 4 | low)
                    index += 3
                    continue
                }
            }
            output.append(underscoreIsSpace && byte == UInt8(ascii: "_") ? 0x20 : byte)
            index += 1
        }
        return output
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
