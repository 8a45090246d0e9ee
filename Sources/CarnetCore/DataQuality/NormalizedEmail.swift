/// The form of an e-mail address that duplicate detection compares: trimmed and lower-cased.
///
/// Gmail's rules (dots and `+tags` ignored in the local part) are deliberately not applied:
/// they hold for Gmail only, and two colleagues' aliases on a company domain must not look like one person.
public enum NormalizedEmail {
    /// The comparable address, or nil when the text is blank or has no `@`.
    public static func of(_ text: String?) -> String? {
        guard let trimmed = text?.trimmedOrNil?.lowercased(), trimmed.utf8.contains(UInt8(ascii: "@")) else { return nil }
        return trimmed
    }
}
