/// E-mail address checks: what Carnet accepts and how it compares addresses.
public enum EmailAddress {
    /// Whether the text looks like a deliverable address: one `@`, a local part, a dotted
    /// domain, no spaces, at most 254 characters. Deliberately not the full RFC 5322 grammar.
    public static func isValid(_ text: String) -> Bool {
        if let ascii = isValidASCII(text) { return ascii }
        guard text.utf8.count <= 254, !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else { return false }
        return labels.last!.count >= 2
    }

    /// The same check byte by byte for ASCII text (nearly every address), without the cost of
    /// splitting `Character`s; nil when the text has other characters.
    private static func isValidASCII(_ text: String) -> Bool? {
        let bytes = Array(text.utf8)
        guard bytes.count <= 254 else { return false }
        var at: Int?
        for (index, byte) in bytes.enumerated() {
            guard byte < 0x80 else { return nil }
            switch byte {
            case 0x09...0x0D, UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"): return false
            case UInt8(ascii: "@"):
                if at != nil { return false }
                at = index
            default: break
            }
        }
        guard let at, at > 0, at <= 64 else { return false }
        let labels = bytes[(at + 1)...].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.first != UInt8(ascii: "-") && $0.last != UInt8(ascii: "-") }) else { return false }
        return labels.last!.count >= 2
    }

    /// The form used to match addresses: trimmed and lower-cased.
    public static func normalized(_ text: String) -> String {
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, first.isVisibleLatin, last.isVisibleLatin {
            return text.lowercased()
        }
        return text.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
