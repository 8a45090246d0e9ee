import Foundation

/// Folds text for prefix search: lower case, accents removed, spaces collapsed.
///
/// "Éloïse  Dupré" and "eloise dupre" give the same key, so a user typing without
/// accents still finds the contact.
public enum SearchKey {
    public static func fold(_ text: String) -> String {
        if let quick = foldLatin(CollectionOfOne<String?>(text)) { return quick }
        return foldAny(text)
    }

    /// The key of the non-nil parts joined by spaces, without building the joined text first.
    public static func fold(joining parts: [String?]) -> String {
        if let quick = foldLatin(parts) { return quick }
        return foldAny(parts.compactMap { $0 }.joined(separator: " "))
    }

    /// The general path, through Foundation's folding.
    private static func foldAny(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The keys of the Latin letters U+00C0–U+024F, each folded once by the general path.
    private static let latinLetters: [[UInt8]] = (0xC0...0x24F).map(foldedOnce)

    /// The keys of the dashes, quotes, bullets and ellipsis U+2010–U+2027 ("Devis — Dupré",
    /// "l’atelier"), each folded once by the general path.
    private static let punctuation: [[UInt8]] = (0x2010...0x2027).map(foldedOnce)

    private static func foldedOnce(_ value: Int) -> [UInt8] {
        Array(foldAny(String(Character(Unicode.Scalar(UInt32(value))!))).utf8)
    }

    /// The same key, built scalar by scalar, for text made of ASCII, Latin letters and common
    /// punctuation (most names, titles and addresses): Foundation's folding costs microseconds per call, which imports
    /// of many rows feel. Nil for any other text, which takes the general path.
    /// Parts are read as if joined by spaces.
    private static func foldLatin(_ parts: some Collection<String?>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + ($1?.utf8.count ?? 0) + 1 })
        var pendingSpace = false
        for case let (index, text?) in parts.enumerated() {
            if index > 0 { pendingSpace = !bytes.isEmpty }
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value == 0x20 || (0x09...0x0D).contains(value) {
                    pendingSpace = !bytes.isEmpty
                    continue
                }
                if pendingSpace { bytes.append(0x20); pendingSpace = false }
                if value < 0x80 {
                    let byte = UInt8(value)
                    bytes.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
                } else if (0xC0...0x24F).contains(value) {
                    bytes += latinLetters[Int(value) - 0xC0]
                } else if (0x2010...0x2027).contains(value) {
                    bytes += punctuation[Int(value) - 0x2010]
                } else {
                    return nil
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The exclusive upper bound of all keys starting with `prefix`, for range scans on an index.
    public static func upperBound(ofPrefix prefix: String) -> String {
        prefix + "\u{10FFFF}"
    }
}
