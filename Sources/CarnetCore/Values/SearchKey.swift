import Foundation

/// Folds text for prefix search: lower case, accents removed, spaces collapsed.
///
/// "Éloïse  Dupré" and "eloise dupre" give the same key, so a user typing without
/// accents still finds the contact.
public enum SearchKey {
    public static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil).lowercased()
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The exclusive upper bound of all keys starting with `prefix`, for range scans on an index.
    public static func upperBound(ofPrefix prefix: String) -> String {
        prefix + "\u{10FFFF}"
    }
}
