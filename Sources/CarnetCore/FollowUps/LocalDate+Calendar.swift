import Foundation

/// Calendar arithmetic on dates and the link between a date in a time zone and an instant.
///
/// Done on day numbers (days since 1970-01-01) rather than with `Calendar`, so the
/// result does not depend on Foundation's version; only the zone's UTC offsets come
/// from the system's time zone database.
extension LocalDate {
    /// A date from its parts, or nil when it does not exist (2027-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= LocalDate.days(inMonth: month, year: year) else { return nil }
        self.init(dayNumber: Timestamp.days(fromCivil: year, month, day))
    }

    /// The date `dayNumber` days after 1970-01-01.
    init(dayNumber: Int) {
        (year, month, day) = Timestamp.civil(fromDays: dayNumber)
    }

    /// The date on the wall calendar of `timeZone` at `instant`.
    public init(_ instant: Date, in timeZone: TimeZone) {
        let local = Int((instant.timeIntervalSince1970).rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        self.init(dayNumber: local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
    }

    /// Days since 1970-01-01.
    var dayNumber: Int { Timestamp.days(fromCivil: year, month, day) }

    /// The day of the week, ISO numbering: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        // 1970-01-01 was a Thursday (4).
        ((dayNumber + 3) % 7 + 7) % 7 + 1
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        LocalDate(dayNumber: dayNumber + days)
    }

    /// The same day `months` later, or the month's last day when it is shorter (Jan 31 + 1 month = Feb 28).
    public func adding(months: Int) -> LocalDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        let newDay = min(day, LocalDate.days(inMonth: newMonth, year: newYear))
        return LocalDate(dayNumber: Timestamp.days(fromCivil: newYear, newMonth, newDay))
    }

    /// Whole days from this date to `other` (negative when `other` is earlier).
    public func days(until other: LocalDate) -> Int {
        other.dayNumber - dayNumber
    }

    /// The instant this date shows `hour:minute` on the clocks of `timeZone`.
    ///
    /// A time the clocks skip (02:30 on the night they go forward) is moved forward by
    /// the gap (03:30); a time they show twice (02:30 on the night they go back) is the
    /// first of the two.
    public func instant(hour: Int, minute: Int, in timeZone: TimeZone) -> Date {
        let local = dayNumber * 86_400 + hour * 3600 + minute * 60
        // A day either side, the offsets in force bracket any change near `local`.
        let before = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 86_400)))
        let after = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 86_400)))
        let matching = [before, after].map { local - $0 }.filter { candidate in
            candidate + timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate))) == local
        }
        return Date(timeIntervalSince1970: Double(matching.min() ?? local - before))
    }
}
