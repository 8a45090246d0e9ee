/// E-mail address checks: what Carnet accepts and how it compares addresses.
public enum EmailAddress {
    /// Whether the text looks like a deliverable address: one `@`, a local part, a dotted
    /// domain, no spaces, at most 254 characters. Deliberately not the full RFC 5322 grammar.
    public static func isValid(_ text: String) -> Bool {
        if let quick = isValidByBytes(text) { return quick }
        guard text.utf8.count <= 254, !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else { return false }
        return labels.last!.count >= 2
    }

    /// The same check byte by byte, without the cost of splitting `Character`s; nil when
    /// only the general path can tell. Exact for ASCII text and for text whose non-ASCII
    /// characters sit between ordinary ones (`élodie@exemple.fr`, `françois.martin@...`):
    /// a non-ASCII scalar next to `@`, `.`, `-` or a refused character could join it into
    /// one `Character`, and the lengths the rules give in characters are only known from
    /// bytes for ASCII, so those cases go the general way.
    private static func isValidByBytes(_ text: String) -> Bool? {
        var bytes = text
        return bytes.withUTF8 { isValid(bytes: $0, text) }
    }

    private static func isValid(bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool? {
        guard bytes.count <= 254 else { return false }
        var nonASCII = false
        for (index, byte) in bytes.enumerated() where byte >= 0x80 {
            if index > 0 && isDelimiter(bytes[index - 1]) || index + 1 < bytes.count && isDelimiter(bytes[index + 1]) { return nil }
            nonASCII = true
        }
        var at: Int?
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x09...0x0D, UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"): return false
            case UInt8(ascii: "@"):
                if at != nil { return false }
                at = index
            default: break
            }
        }
        if nonASCII && text.unicodeScalars.contains(where: { $0.value >= 0x80 && $0.properties.isWhitespace }) { return false }
        guard let at, at > 0 else { return false }
        if at > 64 { return nonASCII ? nil : false }
        // The domain: two labels or more, none empty nor starting or ending with `-`.
        var labels = 0, start = at + 1, lastLabel = start..<start
        for index in (at + 1)...bytes.count where index == bytes.count || bytes[index] == UInt8(ascii: ".") {
            guard index > start, bytes[start] != UInt8(ascii: "-"), bytes[index - 1] != UInt8(ascii: "-") else { return false }
            labels += 1
            lastLabel = start..<index
            start = index + 1
        }
        guard labels >= 2 else { return false }
        if bytes[lastLabel].contains(where: { $0 >= 0x80 }) { return nil }
        return lastLabel.count >= 2
    }

    /// The ASCII characters the rules look at: `@`, `.`, `-`, white space and the refused ones.
    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09...0x0D, UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"),
             UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: "-"): true
        default: false
        }
    }

    /// The form used to match addresses: trimmed and lower-cased.
    public static func normalized(_ text: String) -> String {
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, first.isVisibleLatin, last.isVisibleLatin {
            return isLowercase(text) ? text : text.lowercased()
        }
        return text.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Whether `lowercased()` would give the text back because it is made of ASCII without
    /// capitals and of the lower-case letters of Latin-1 (ß to ÿ), as most addresses are:
    /// `lowercased()` allocates a new text and looks up every non-ASCII character.
    private static func isLowercase(_ text: String) -> Bool {
        var latin1 = false
        for byte in text.utf8 {
            if latin1 {
                guard (0x9F...0xBF).contains(byte) else { return false }
                latin1 = false
            } else if byte == 0xC3 {
                latin1 = true
            } else if byte >= 0x80 || (0x41...0x5A).contains(byte) {
                return false
            }
        }
        return !latin1
    }
}
