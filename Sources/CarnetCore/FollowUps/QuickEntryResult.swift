import Foundation

/// What `QuickEntry` read out of a phrase: the due instant and the words left for the title.
public struct QuickEntryResult: Sendable, Equatable, Encodable {
    /// The phrase without its date words (“call back Dupont” from “call back Dupont in 3 days”);
    /// empty when the phrase was only a date.
    public var title: String
    public var dueAt: Date
    /// The date words as the user typed them (“in 3 days”, “demain 14h30”), to highlight them.
    public var matchedText: String
    /// The language of the date words, or the caller's when they were only digits (“15/01”).
    public var language: Language

    public init(title: String, dueAt: Date, matchedText: String, language: Language) {
        self.title = title
        self.dueAt = dueAt
        self.matchedText = matchedText
        self.language = language
    }

    enum CodingKeys: String, CodingKey {
        case title, dueAt = "due_at", matchedText = "matched_text", language
    }
}
