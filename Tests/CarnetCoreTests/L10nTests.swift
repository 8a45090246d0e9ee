@testable import CarnetCore
import Foundation
import Testing

@Suite("L10n")
struct L10nTests {
    /// The `{name}` placeholders of a text.
    static func placeholders(_ text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    @Test("every key has an English and a French text with the same placeholders")
    func complete() {
        #expect(!L10n.table.isEmpty)
        for (key, entry) in L10n.table {
            #expect(!entry.en.isBlank, "\(key) has no English text")
            #expect(!entry.fr.isBlank, "\(key) has no French text")
            #expect(Self.placeholders(entry.en) == Self.placeholders(entry.fr), "\(key): placeholders differ")
        }
    }

    @Test("every plural has both forms")
    func plurals() {
        for key in L10n.table.keys where key.hasSuffix(".one") {
            #expect(L10n.table[key.dropLast(4) + ".other"] != nil, "\(key) has no plural")
        }
        for key in L10n.table.keys where key.hasSuffix(".other") {
            #expect(L10n.table[key.dropLast(6) + ".one"] != nil, "\(key) has no singular")
        }
    }

    @Test("placeholders are filled by name, in any order")
    func placeholdersFilled() {
        #expect(L10n.text("validation.too_long", .en, ["max": "200", "count": "201"]) == "must be at most 200 characters (got 201)")
        #expect(L10n.text("validation.too_long", .fr, ["count": "201", "max": "200"]) == "doit faire au plus 200 caractères (201 reçus)")
    }

    @Test("a missing value leaves its placeholder; an unknown key comes back as itself")
    func missing() {
        #expect(L10n.text("agenda.due_task", .en) == "Due at {time}")
        #expect(L10n.text("validation.too_long", .en, ["max": "5"]) == "must be at most 5 characters (got {count})")
        #expect(L10n.text("validation.too_long", .en, ["max": "{count}", "count": "7"]) == "must be at most {count} characters (got 7)")
        #expect(L10n.text("no.such.key", .fr) == "no.such.key")
    }

    @Test("filling keeps accents and quotes around placeholders, and an unclosed brace as written")
    func fillText() {
        #expect(L10n.fill("é {x} «{y}» 👋🏽{x}", ["x": "1", "y": "deux"]) == "é 1 «deux» 👋🏽1")
        #expect(L10n.fill("{x} then {unclosed", ["x": "à"]) == "à then {unclosed")
        #expect(L10n.fill("{}{x}}", ["x": "1"]) == "{}1}")
    }

    @Test("plural forms follow each language's rule", arguments: [
        (0, Language.en, "0 days overdue"), (1, .en, "1 day overdue"), (2, .en, "2 days overdue"),
        (0, .fr, "0 jour de retard"), (1, .fr, "1 jour de retard"), (2, .fr, "2 jours de retard"),
    ])
    func plural(count: Int, language: Language, text: String) {
        #expect(L10n.plural("agenda.overdue_task", count: count, language) == text)
    }

    @Test("times and dates are written the way each language writes them")
    func formatting() throws {
        #expect(L10n.time(hour: 9, minute: 5, .en) == "9:05")
        #expect(L10n.time(hour: 14, minute: 30, .fr) == "14h30")
        let date = try #require(LocalDate("2027-01-05"))
        #expect(L10n.date(date, .en) == "2027-01-05")
        #expect(L10n.date(date, .fr) == "05/01/2027")
    }

    @Test("a user's locale gives a language, English when unknown", arguments: [
        ("fr", Language.fr), ("fr-FR", .fr), ("FR_be", .fr), ("en", .en), ("en-GB", .en), ("de", .en), ("", .en),
    ])
    func locale(locale: String, language: Language) {
        #expect(Language(locale: locale) == language)
    }
}
