import Foundation

/// The hours the after-sales team works: week days, opening and closing time, a time zone and
/// holidays. SLA targets count only these hours.
///
/// Each working day opens one window, from `opens` to `closes` on the clocks of `timeZone`;
/// when `closes` is not after `opens` (a night shift, 22:00–06:00) the window ends the next
/// morning. A holiday or a day not in `days` opens no window; the day a window starts decides.
/// Windows are computed as instants, so a day the clocks change (Europe/Paris in March and
/// October) has the working hours the clocks show, not a fixed number of seconds.
public struct BusinessCalendar: Sendable, Equatable {
    /// Working days, ISO numbering: 1 = Monday … 7 = Sunday.
    public var days: Set<Int>
    /// Opening time, minutes after local midnight.
    public var opens: Int
    /// Closing time, minutes after local midnight; at or before `opens` means the next day.
    public var closes: Int
    public var timeZone: TimeZone
    public var holidays: Set<LocalDate>

    public init(days: Set<Int> = [1, 2, 3, 4, 5], opens: Int = 9 * 60, closes: Int = 18 * 60,
                timeZone: TimeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt, holidays: Set<LocalDate> = []) {
        self.days = days
        self.opens = opens
        self.closes = closes
        self.timeZone = timeZone
        self.holidays = holidays
    }

    /// How far ahead `adding` looks for working time before giving up: ten years.
    static let horizonDays = 3660

    /// The instant `seconds` of working time after `start`; nil when the calendar has no
    /// working time within ten years (no days, or every one a holiday).
    ///
    /// Starting outside working hours counts from the next opening; zero seconds gives the
    /// first working instant at or after `start`.
    public func adding(_ seconds: TimeInterval, to start: Date) -> Date? {
        var remaining = max(0, seconds)
        var day = LocalDate(start, in: timeZone).adding(days: -1)
        for _ in 0..<Self.horizonDays {
            defer { day = day.adding(days: 1) }
            guard let window = window(on: day), window.end > start else { continue }
            let from = max(window.start, start)
            let available = window.end.timeIntervalSince(from)
            if remaining < available {
                return from.addingTimeInterval(remaining)
            }
            remaining -= available
            if remaining == 0 { return window.end }
        }
        return nil
    }

    /// The working window that starts on `day`, if the day is worked.
    public func window(on day: LocalDate) -> (start: Date, end: Date)? {
        guard days.contains(day.weekday), !holidays.contains(day) else { return nil }
        let start = day.instant(hour: opens / 60, minute: opens % 60, in: timeZone)
        let endDay = closes > opens ? day : day.adding(days: 1)
        let end = endDay.instant(hour: closes / 60, minute: closes % 60, in: timeZone)
        return end > start ? (start, end) : nil
    }
}
