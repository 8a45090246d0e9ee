import CarnetCore
import Foundation
import Testing

@Suite("CurrencyCode")
struct CurrencyCodeTests {
    @Test("known codes and their minor-unit digits", arguments: [
        ("EUR", 2), ("USD", 2), ("GBP", 2), ("CHF", 2), ("JPY", 0), ("KRW", 0), ("ISK", 0), ("TND", 3), ("KWD", 3),
    ])
    func known(code: String, digits: Int) throws {
        let currency = try #require(CurrencyCode(code))
        #expect(currency.code == code)
        #expect(currency.digits == digits)
        #expect(currency.description == code)
    }

    @Test("unknown codes are refused", arguments: ["XYZ", "euro", "EU", "", "EUR ", "€"])
    func unknown(text: String) {
        #expect(CurrencyCode(text) == nil)
    }

    @Test("codes are case-insensitive and stored in upper case", arguments: ["eur", "Eur", "eUR"])
    func caseInsensitive(text: String) throws {
        let currency = try #require(CurrencyCode(text))
        #expect(currency.code == "EUR")
        #expect(currency == CurrencyCode.eur)
    }

    @Test("JSON round trip as a bare string")
    func json() throws {
        let data = try CarnetJSON.encoder.encode([CurrencyCode.eur])
        #expect(String(decoding: data, as: UTF8.self) == #"["EUR"]"#)
        #expect(try decodeJSON([CurrencyCode].self, #"["jpy", "TND"]"#).map(\.code) == ["JPY", "TND"])
    }

    @Test("decoding an unknown code fails and names it")
    func jsonUnknown() throws {
        struct Box: Decodable { var currency: CurrencyCode }
        let error = try #require(throws: DecodingError.self) {
            try decodeJSON(Box.self, #"{"currency": "XYZ"}"#)
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.debugDescription.contains("XYZ"))
        #expect(context.codingPath.map(\.stringValue) == ["currency"])
    }
}
