import CarnetCore
import Foundation
import Testing

@Suite("Business calendar")
struct BusinessCalendarTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let weekdays = BusinessCalendar(days: [1, 2, 3, 4, 5], opens: 9 * 60, closes: 18 * 60, timeZone: paris)

    static func at(_ text: String) -> Date {
        Timestamp.parse(text)!
    }

    @Test("hours run on into the next working day, over the weekend")
    func overWeekend() {
        // Friday 2026-03-06 17:00 in Paris (16:00Z): one hour left on Friday, one more on Monday from 9:00.
        #expect(Self.weekdays.adding(2 * 3600, to: Self.at("2026-03-06T16:00:00Z")) == Self.at("2026-03-09T09:00:00Z"))
        // Exactly the rest of the day ends at closing time, not at the next opening.
        #expect(Self.weekdays.adding(3600, to: Self.at("2026-03-06T16:00:00Z")) == Self.at("2026-03-06T17:00:00Z"))
    }

    @Test("a start outside working hours counts from the next opening")
    func outsideHours() {
        // Saturday noon + 1 h → Monday 10:00 Paris; Monday 07:00 + 0 → Monday 09:00.
        #expect(Self.weekdays.adding(3600, to: Self.at("2026-03-07T11:00:00Z")) == Self.at("2026-03-09T09:00:00Z"))
        #expect(Self.weekdays.adding(0, to: Self.at("2026-03-09T06:00:00Z")) == Self.at("2026-03-09T08:00:00Z"))
        // Monday 20:00 Paris + 1 h → Tuesday 10:00.
        #expect(Self.weekdays.adding(3600, to: Self.at("2026-03-09T19:00:00Z")) == Self.at("2026-03-10T09:00:00Z"))
    }

    @Test("holidays are skipped")
    func holidays() {
        var calendar = Self.weekdays
        calendar.holidays = [LocalDate("2026-03-09")!]
        // Friday 17:00 + 2 h: one hour Friday, Monday is off, one hour from Tuesday 9:00.
        #expect(calendar.adding(2 * 3600, to: Self.at("2026-03-06T16:00:00Z")) == Self.at("2026-03-10T09:00:00Z"))
        // 8 h from Friday 10:00 Paris: Friday ends with 8 h counted, exactly at 18:00.
        #expect(calendar.adding(8 * 3600, to: Self.at("2026-03-06T09:00:00Z")) == Self.at("2026-03-06T17:00:00Z"))
    }

    @Test("the clocks changing in Europe/Paris: working hours are those the clocks show")
    func daylightSaving() {
        // Friday 2026-03-27 17:00 CET (16:00Z) + 2 h → Monday 2026-03-30 10:00 CEST (08:00Z).
        #expect(Self.weekdays.adding(2 * 3600, to: Self.at("2026-03-27T16:00:00Z")) == Self.at("2026-03-30T08:00:00Z"))
        // A night window 00:00–06:00 every day: on 2026-03-29 the clocks skip 02:00–03:00, so it holds 5 hours.
        let nights = BusinessCalendar(days: Set(1...7), opens: 0, closes: 6 * 60, timeZone: Self.paris)
        #expect(nights.adding(5 * 3600, to: Self.at("2026-03-28T23:00:00Z")) == Self.at("2026-03-29T04:00:00Z"))
        // ... and on 2026-10-25 they show 02:00–03:00 twice, so it holds 7.
        #expect(nights.adding(7 * 3600, to: Self.at("2026-10-24T22:00:00Z")) == Self.at("2026-10-25T05:00:00Z"))
        #expect(nights.adding(6 * 3600, to: Self.at("2026-10-24T22:00:00Z")) == Self.at("2026-10-25T04:00:00Z"))
    }

    @Test("a night shift window runs across midnight and belongs to the day it starts")
    func acrossMidnight() {
        let nights = BusinessCalendar(days: [1, 2, 3, 4, 5], opens: 22 * 60, closes: 6 * 60, timeZone: Self.paris)
        // Monday 2026-03-02 23:00 Paris + 3 h → Tuesday 02:00 Paris.
        #expect(nights.adding(3 * 3600, to: Self.at("2026-03-02T22:00:00Z")) == Self.at("2026-03-03T01:00:00Z"))
        // + 8 h: 7 h until Tuesday 06:00, then 1 h from Tuesday 22:00.
        #expect(nights.adding(8 * 3600, to: Self.at("2026-03-02T22:00:00Z")) == Self.at("2026-03-03T22:00:00Z"))
        // Saturday 03:00 is still Friday's shift: 3 h left, then Monday 22:00 + 1 h.
        #expect(nights.adding(4 * 3600, to: Self.at("2026-03-07T02:00:00Z")) == Self.at("2026-03-09T22:00:00Z"))
    }

    @Test("a calendar without working days gives no due time")
    func noWorkingTime() {
        let none = BusinessCalendar(days: [], timeZone: Self.paris)
        #expect(none.adding(3600, to: Self.at("2026-03-02T09:00:00Z")) == nil)
    }
}
