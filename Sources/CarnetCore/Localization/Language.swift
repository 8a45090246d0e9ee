/// A language Carnet speaks to its users.
public enum Language: String, Sendable, Codable, CaseIterable {
    case en, fr

    /// The language of a user's `locale` setting (`fr`, `fr-FR`, `en_GB`), English when unknown.
    public init(locale: String) {
        self = locale.lowercased().hasPrefix("fr") ? .fr : .en
    }
}
