import CarnetCore
import Testing

@Suite("Amounts in each language")
struct MoneyFormatTests {
    @Test("thousands, decimals and the symbol where each language puts them", arguments: [
        (Int64(123_456), "EUR", Language.en, "€1,234.56"),
        (123_456, "EUR", .fr, "1\u{202F}234,56\u{00A0}€"),
        (5, "USD", .en, "$0.05"),
        (-250_000_00, "GBP", .en, "-£250,000.00"),
        (1_000_000, "JPY", .fr, "1\u{202F}000\u{202F}000\u{00A0}¥"),
        (99_900, "CHF", .en, "CHF\u{00A0}999.00"),
        (99_900, "CHF", .fr, "999,00\u{00A0}CHF"),
        (0, "EUR", .fr, "0,00\u{00A0}€"),
    ])
    func format(minor: Int64, currency: String, language: Language, text: String) {
        #expect(MoneyFormat.format(minor: minor, currency: currency, language) == text)
    }

    @Test("amounts typed either way are read as minor units", arguments: [
        ("1234.56", "EUR", Int64?.some(123_456)), ("1 234,56", "EUR", 123_456), ("€1,234.5", "EUR", 123_450), ("1,234", "EUR", 123_400),
        ("1.234.567,89", "EUR", 123_456_789), ("15000", "JPY", 15_000), ("12,5", "USD", 1_250), ("abc", "EUR", nil), ("", "EUR", nil),
    ])
    func parse(text: String, currency: String, minor: Int64?) {
        #expect(MoneyFormat.parse(text, currency: currency) == minor)
    }
}
