import CarnetCore
import Foundation
import Testing

@Suite("LocalDate")
struct LocalDateTests {
    @Test("parses YYYY-MM-DD into its parts", arguments: [
        ("2026-03-31", 2026, 3, 31),
        ("2028-02-29", 2028, 2, 29),
        ("2000-02-29", 2000, 2, 29),
        ("1999-12-01", 1999, 12, 1),
        ("0001-01-01", 1, 1, 1),
    ])
    func parse(text: String, year: Int, month: Int, day: Int) throws {
        let date = try #require(LocalDate(text))
        #expect(date.year == year)
        #expect(date.month == month)
        #expect(date.day == day)
        #expect(date.description == text)
    }

    @Test("refuses impossible or malformed dates", arguments: [
        "2026-02-30",
        "2027-02-29",
        "1900-02-29",
        "2026-04-31",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-1-05",
        "26-01-05",
        "2026-01-05T00:00Z",
        "2026/01/05",
        "2026-+1-05",
        "2026-01-+5",
        "+026-01-05",
        "",
        "tomorrow",
    ])
    func rejects(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("dates order by year, then month, then day")
    func ordering() throws {
        let texts = ["2026-03-31", "2025-12-31", "2026-04-01", "2026-03-01", "2026-03-30"]
        let dates = try texts.map { try #require(LocalDate($0)) }
        #expect(dates.sorted().map(\.description) == ["2025-12-31", "2026-03-01", "2026-03-30", "2026-03-31", "2026-04-01"])
        #expect(try #require(LocalDate("2026-01-31")) < #require(LocalDate("2026-02-01")))
        #expect(LocalDate("2026-03-31") == LocalDate("2026-03-31"))
    }

    @Test("encodes as a JSON string and decodes back")
    func jsonRoundTrip() throws {
        struct Box: Codable, Equatable { var close: LocalDate }
        let box = Box(close: try #require(LocalDate("2026-06-30")))
        let data = try CarnetJSON.encoder.encode(box)
        #expect(String(decoding: data, as: UTF8.self) == #"{"close":"2026-06-30"}"#)
        #expect(try CarnetJSON.decoder.decode(Box.self, from: data) == box)
    }

    @Test("decoding a bad date says which format is expected")
    func decodingError() throws {
        struct Box: Decodable { var close: LocalDate }
        let error = try #require(throws: DecodingError.self) {
            try decodeJSON(Box.self, #"{"close": "2026-02-30"}"#)
        }
        guard case .dataCorrupted(let context) = error else {
            Issue.record("expected dataCorrupted, got \(error)")
            return
        }
        #expect(context.debugDescription == "expected a date as YYYY-MM-DD")
        #expect(context.codingPath.map(\.stringValue) == ["close"])
    }
}
