/// Phone numbers in E.164 (`+33612345678`), so that `06 12 34 56 78`, `+33 6 12 34 56 78`
/// and `0033 (0)6.12.34.56.78` compare equal.
///
/// Spaces, dots, dashes, slashes and brackets are ignored, and a `(0)` written after the
/// calling code is dropped. A number with `+` or `00` is taken as international; any other is
/// national to `region` (see `CallingCode`). The result must have 8 to 15 digits, as E.164
/// allows; whether the number is actually assigned is not checked.
public enum PhoneNumber {
    /// The E.164 form, or nil when the text is not a phone number this can read.
    public static func e164(_ text: String?, region: String) -> String? {
        guard var text = text?.trimmedOrNil else { return nil }
        // Foundation's search is slow enough to show in an import's profile: only when a bracket is there.
        if text.utf8.contains(UInt8(ascii: "(")) { text = text.replacingOccurrences(of: "(0)", with: "") }
        var digits = ""
        var plus = false
        for (index, character) in text.enumerated() {
            switch character {
            case "0"..."9": digits.append(character)
            case "+" where index == 0: plus = true
            case " ", ".", "-", "/", "(", ")", "\u{00A0}": continue
            default: return nil
            }
        }
        let international: String
        if plus {
            international = digits
        } else if digits.hasPrefix("00") {
            international = String(digits.dropFirst(2))
        } else {
            guard let calling = CallingCode.byRegion[region.uppercased()] else { return nil }
            var national = Substring(digits)
            if !calling.trunk.isEmpty {
                guard national.hasPrefix(calling.trunk) else { return nil }
                national = national.dropFirst(calling.trunk.count)
            }
            international = calling.code + national
        }
        guard (8...15).contains(international.count), !international.hasPrefix("0") else { return nil }
        return "+" + international
    }
}
