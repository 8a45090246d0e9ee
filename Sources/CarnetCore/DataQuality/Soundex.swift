/// The Soundex code of a name (`Dupont` and `Dupond` are both `D153`): names that sound alike
/// share it, so it serves as a blocking key for duplicate detection.
///
/// The classic American Soundex over the folded name (accents removed), letters only; good
/// enough to group spellings of one surname, not meant as phonetics for every language.
public enum Soundex {
    /// The four-character code, or nil when the name has no Latin letter.
    public static func of(_ name: String) -> String? {
        let letters = SearchKey.fold(name).unicodeScalars.filter { ("a"..."z").contains($0) }
        guard let first = letters.first else { return nil }
        var code = String(Character(first)).uppercased()
        var previous = digit(first)
        for letter in letters.dropFirst() {
            let current = digit(letter)
            if let current, current != previous { code.append(current) }
            if code.count == 4 { break }
            // H and W do not separate two letters of one code; vowels do.
            if letter != "h" && letter != "w" { previous = current }
        }
        return code.padding(toLength: 4, withPad: "0", startingAt: 0)
    }

    private static func digit(_ letter: Unicode.Scalar) -> Character? {
        switch letter {
        case "b", "f", "p", "v": "1"
        case "c", "g", "j", "k", "q", "s", "x", "z": "2"
        case "d", "t": "3"
        case "l": "4"
        case "m", "n": "5"
        case "r": "6"
        default: nil
        }
    }
}
