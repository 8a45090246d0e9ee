import CarnetCore
import Foundation
import Testing

@Suite("Timestamp")
struct TimestampTests {
    @Test("format writes UTC with milliseconds and a Z", arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_767_225_600, "2026-01-01T00:00:00.000Z"),
        (1_795_509_000.123, "2026-11-24T08:30:00.123Z"),
        (1_835_438_400, "2028-02-29T12:00:00.000Z"),
        (-14_182_940, "1969-07-20T20:17:40.000Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"),
        (-2_208_988_800, "1900-01-01T00:00:00.000Z"),
    ])
    func format(seconds: Double, text: String) {
        #expect(Timestamp.format(instant(seconds)) == text)
    }

    @Test("parse reads what format writes", arguments: [
        "2026-11-24T08:30:00.123Z",
        "2026-01-01T00:00:00.000Z",
        "2026-12-31T23:59:59.999Z",
        "2028-02-29T12:00:00.000Z",
        "2000-02-29T00:00:00.001Z",
        "1969-07-20T20:17:40.000Z",
        "1969-12-31T23:59:59.999Z",
        "1900-01-01T00:00:00.000Z",
        "1601-06-15T04:05:06.789Z",
    ])
    func roundTrip(text: String) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == text)
    }

    @Test("every millisecond of a second survives a round trip")
    func allMilliseconds() throws {
        var mismatches: [String] = []
        for ms in 0..<1000 {
            let text = "2026-11-24T08:30:00." + String(repeating: "0", count: ms < 10 ? 2 : ms < 100 ? 1 : 0) + "\(ms)Z"
            let date = try #require(Timestamp.parse(text))
            if Timestamp.format(date) != text { mismatches.append(text) }
        }
        #expect(mismatches.isEmpty)
    }

    @Test("millis and date(millis:) are inverses, before and after 1970", arguments: [
        Int64(0), 1, -1, 1_795_509_000_123, -14_182_940_000, -1_000, 999, 1_767_225_600_000,
    ])
    func millis(value: Int64) {
        #expect(Timestamp.millis(Timestamp.date(millis: value)) == value)
    }

    @Test("every millisecond count comes back unchanged from a Date", arguments: [
        Int64(-1_000_000), -2_208_988_800_000, 0, 1_767_225_600_000, 1_795_509_000_000, 4_102_444_800_000,
    ])
    func millisSweep(base: Int64) {
        let drifted = (base..<(base + 2_000)).filter { Timestamp.millis(Timestamp.date(millis: $0)) != $0 }
        #expect(drifted.isEmpty)
    }

    @Test("an instant between two milliseconds goes to the nearest", arguments: [
        (0.000_4, Int64(0)), (0.000_6, 1), (1_767_225_600.123_4, 1_767_225_600_123), (-0.000_6, -1),
    ])
    func subMillisecond(seconds: Double, millis: Int64) {
        #expect(Timestamp.millis(instant(seconds)) == millis)
    }

    @Test("parse gives the instant", arguments: [
        ("2026-11-24T08:30:00.123Z", 1_795_509_000.123),
        ("2026-11-24T08:30:00Z", 1_795_509_000),
        ("2026-11-24T08:30Z", 1_795_509_000),
        ("2026-11-24t08:30:00z", 1_795_509_000),
        ("2026-11-24 08:30:00Z", 1_795_509_000),
        ("1969-07-20T20:17:40Z", -14_182_940),
        ("2028-02-29T12:00:00Z", 1_835_438_400),
    ])
    func instants(text: String, seconds: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_5)
    }

    @Test("an offset is converted to UTC", arguments: [
        ("2026-11-24T10:30:00+02:00", "2026-11-24T08:30:00.000Z"),
        ("2026-11-24T03:00:00-05:30", "2026-11-24T08:30:00.000Z"),
        ("2026-11-24T08:30:00+00:00", "2026-11-24T08:30:00.000Z"),
        ("2026-01-01T01:00:00+02:00", "2025-12-31T23:00:00.000Z"),
        ("2026-11-24T10:30:00.250+02:00", "2026-11-24T08:30:00.250Z"),
    ])
    func offsets(text: String, utc: String) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == utc)
    }

    @Test("a bare date is midnight UTC", arguments: [
        ("2026-03-31", "2026-03-31T00:00:00.000Z"),
        ("2028-02-29", "2028-02-29T00:00:00.000Z"),
        ("1969-12-31", "1969-12-31T00:00:00.000Z"),
    ])
    func bareDate(text: String, utc: String) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(Timestamp.format(date) == utc)
    }

    @Test("parse refuses text that is not a timestamp", arguments: [
        "",
        "yesterday",
        "2026-13-01",
        "2026-00-10",
        "2026-02-30T10:00Z",
        "2027-02-29",
        "2026-04-31",
        "2026-03-31T24:00Z",
        "2026-03-31T10:60Z",
        "2026-03-31T10:00:61Z",
        "2026-03-31T10:00",
        "2026-03-31T10:00:00",
        "2026-03-31T10:00:00Zjunk",
        "2026-03-31T10:00:00.123Z ",
        "2026-03-31T10:00:00+02:00junk",
        "2026-03-31T10:00:00+0200",
        "2026-03-31junk",
        "2026-03-31X10:00Z",
        "26-03-31",
        "2026/03/31",
        "2026-3-31",
    ])
    func rejects(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("CarnetJSON writes and reads dates as timestamps")
    func json() throws {
        struct Box: Codable, Equatable { var at: Date }
        let box = Box(at: instant(1_795_509_000.123))
        let data = try CarnetJSON.encoder.encode(box)
        #expect(String(decoding: data, as: UTF8.self) == #"{"at":"2026-11-24T08:30:00.123Z"}"#)
        let decoded = try CarnetJSON.decoder.decode(Box.self, from: data)
        #expect(Timestamp.millis(decoded.at) == Timestamp.millis(box.at))

        #expect(throws: DecodingError.self) {
            try decodeJSON(Box.self, #"{"at": "yesterday"}"#)
        }
    }
}
