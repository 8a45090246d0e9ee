import CarnetCore
import Foundation

/// The stored form of a score's explanation (`lead_scores.explanation`): a JSON array of the
/// contributions, each with its rule, label, points, reason key and the reason's values.
///
/// Written with `JSONWriter` rather than `JSONEncoder`: a full recompute writes one per contact.
public enum Explanation {
    /// The placeholders a reason may carry; each is stored as a member of its own.
    static let placeholders: [(key: StaticString, name: String)] = [
        ("field", "field"), ("value", "value"), ("word", "word"), ("signal", "signal"), ("count", "count"), ("days", "days"),
    ]

    /// The JSON text of `contributions`.
    public static func json(_ contributions: [Contribution]) -> String {
        var writer = JSONWriter()
        writer.beginArray()
        for contribution in contributions {
            writer.beginObject()
            writer.field("rule", contribution.rule)
            writer.field("label", contribution.label)
            writer.field("points", contribution.points)
            writer.field("reason", contribution.reason)
            for (key, name) in placeholders {
                if let value = contribution.values[name] { writer.field(key, value) }
            }
            writer.endObject()
        }
        writer.endArray()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The contributions stored in `text`; text that is not an explanation gives none.
    public static func contributions(_ text: String) -> [Contribution] {
        guard let items = try? JSONDecoder().decode([Stored].self, from: Data(text.utf8)) else { return [] }
        return items.map { item in
            var values: [String: String] = [:]
            for (name, value) in [("field", item.field), ("value", item.value), ("word", item.word), ("signal", item.signal),
                                  ("count", item.count), ("days", item.days)] {
                if let value { values[name] = value }
            }
            return Contribution(rule: item.rule, label: item.label, points: item.points, reason: item.reason, values: values)
        }
    }

    /// One contribution as stored.
    struct Stored: Decodable {
        var rule: String
        var label: String
        var points: Int
        var reason: String
        var field, value, word, signal, count, days: String?
    }

    /// The sentence saying why a contribution applies, in `language`.
    public static func detail(_ contribution: Contribution, _ language: Language) -> String {
        var values = contribution.values
        if let field = values["field"] { values["field"] = L10n.text("scoring.field.\(field)", language) }
        if let signal = values["signal"] { values["signal"] = L10n.text("scoring.signal.\(signal)", language) }
        return L10n.text(contribution.reason, language, values)
    }
}
