import CarnetCore
import Foundation
import Testing

@Suite("LocalDate calendar arithmetic")
struct LocalDateCalendarTests {
    let paris = TimeZone(identifier: "Europe/Paris")!

    func date(_ text: String) throws -> LocalDate { try #require(LocalDate(text)) }

    @Test("a date from parts exists or is nil", arguments: [
        (2028, 2, 29, "2028-02-29"), (2027, 2, 29, nil), (2026, 4, 31, nil), (2026, 13, 1, nil), (2026, 12, 31, "2026-12-31"),
    ] as [(Int, Int, Int, String?)])
    func fromParts(year: Int, month: Int, day: Int, text: String?) {
        #expect(LocalDate(year: year, month: month, day: day)?.description == text)
    }

    @Test("weekdays are numbered from Monday = 1", arguments: [
        ("1970-01-01", 4), ("2026-03-23", 1), ("2026-03-29", 7), ("2000-02-29", 2), ("1969-12-31", 3),
    ])
    func weekday(text: String, weekday: Int) throws {
        #expect(try date(text).weekday == weekday)
    }

    @Test("adding days crosses months, years and leap days", arguments: [
        ("2026-12-31", 1, "2027-01-01"), ("2028-02-28", 1, "2028-02-29"), ("2026-03-01", -1, "2026-02-28"), ("2026-01-01", 365, "2027-01-01"),
    ])
    func addingDays(start: String, days: Int, end: String) throws {
        #expect(try date(start).adding(days: days).description == end)
        #expect(try date(start).days(until: date(end)) == days)
    }

    @Test("adding months keeps the day or takes the month's last", arguments: [
        ("2026-01-31", 1, "2026-02-28"), ("2028-01-31", 1, "2028-02-29"), ("2026-03-31", 1, "2026-04-30"),
        ("2026-12-15", 1, "2027-01-15"), ("2026-01-31", -2, "2025-11-30"), ("2026-05-10", 24, "2028-05-10"),
    ])
    func addingMonths(start: String, months: Int, end: String) throws {
        #expect(try date(start).adding(months: months).description == end)
    }

    @Test("the date of an instant depends on the time zone")
    func ofInstant() throws {
        let instant = try #require(Timestamp.parse("2026-03-25T23:30Z"))
        #expect(LocalDate(instant, in: paris).description == "2026-03-26")
        #expect(LocalDate(instant, in: TimeZone(identifier: "UTC")!).description == "2026-03-25")
        #expect(LocalDate(instant, in: TimeZone(identifier: "America/New_York")!).description == "2026-03-25")
    }

    @Test("a wall-clock time becomes an instant, skipped times moving forward and repeated ones taking the first", arguments: [
        ("2026-03-29", 1, 59, "2026-03-29T01:59+01:00"),
        ("2026-03-29", 2, 30, "2026-03-29T03:30+02:00"),
        ("2026-03-29", 3, 0, "2026-03-29T03:00+02:00"),
        ("2026-10-25", 1, 59, "2026-10-25T01:59+02:00"),
        ("2026-10-25", 2, 30, "2026-10-25T02:30+02:00"),
        ("2026-10-25", 3, 0, "2026-10-25T03:00+01:00"),
        ("2026-07-14", 0, 0, "2026-07-14T00:00+02:00"),
    ])
    func instant(day: String, hour: Int, minute: Int, expected: String) throws {
        #expect(try date(day).instant(hour: hour, minute: minute, in: paris) == Timestamp.parse(expected))
    }
}
