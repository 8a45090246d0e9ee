import CarnetCore
import Foundation
import Testing

/// One phrase, read at one instant in Europe/Paris, and what it must give.
struct QuickEntryCase: Sendable, CustomTestStringConvertible {
    let phrase: String
    /// The instant of reading, with its UTC offset: `2026-03-25T10:00+01:00`.
    let now: String
    /// The expected due instant, with its UTC offset.
    let due: String
    let title: String
    let matched: String?
    let language: Language?

    init(_ phrase: String, at now: String = QuickEntryTests.wednesday, _ due: String, title: String = "", matched: String? = nil, _ language: Language? = nil) {
        self.phrase = phrase
        self.now = now
        self.due = due
        self.title = title
        self.matched = matched
        self.language = language
    }

    var testDescription: String { "“\(phrase)” at \(now) → \(due)" }
}

@Suite("QuickEntry")
struct QuickEntryTests {
    /// Wednesday 25 March 2026, 10:00 in Paris (winter time); the clocks go forward on Sunday the 29th.
    static let wednesday = "2026-03-25T10:00+01:00"
    static let paris = TimeZone(identifier: "Europe/Paris")!
    let entry = QuickEntry(timeZone: QuickEntryTests.paris)

    func check(_ example: QuickEntryCase) throws {
        let now = try #require(Timestamp.parse(example.now))
        let result = try entry.parse(example.phrase, now: now)
        #expect(Timestamp.format(result.dueAt) == Timestamp.format(try #require(Timestamp.parse(example.due))), "\(example.phrase)")
        #expect(result.title == example.title, "\(example.phrase)")
        if let matched = example.matched { #expect(result.matchedText == matched, "\(example.phrase)") }
        if let language = example.language { #expect(result.language == language, "\(example.phrase)") }
    }

    /// The message of the single field error a phrase gives.
    func failure(_ phrase: String, at now: String = wednesday, language: Language = .en) throws -> FieldError? {
        let now = try #require(Timestamp.parse(now))
        do {
            _ = try entry.parse(phrase, now: now, language: language)
            return nil
        } catch {
            guard case .validation(let errors) = error, errors.count == 1 else { return nil }
            return errors[0]
        }
    }

    @Test("durations in days, weeks and months fall on the default hour", arguments: [
        QuickEntryCase("call back Dupont in 3 days", "2026-03-28T09:00+01:00", title: "call back Dupont", matched: "in 3 days", .en),
        QuickEntryCase("Relancer dans 3 jours", "2026-03-28T09:00+01:00", title: "Relancer", matched: "dans 3 jours", .fr),
        QuickEntryCase("in 2 weeks", "2026-04-08T09:00+02:00", matched: "in 2 weeks", .en),
        QuickEntryCase("dans 2 semaines", "2026-04-08T09:00+02:00", matched: "dans 2 semaines", .fr),
        QuickEntryCase("in two weeks", "2026-04-08T09:00+02:00", .en),
        QuickEntryCase("dans deux semaines", "2026-04-08T09:00+02:00", .fr),
        QuickEntryCase("d'ici quinze jours", "2026-04-09T09:00+02:00", .fr),
        QuickEntryCase("in a month", "2026-04-25T09:00+02:00", .en),
        QuickEntryCase("dans un mois", "2026-04-25T09:00+02:00", .fr),
        QuickEntryCase("in 1 day", "2026-03-26T09:00+01:00", .en),
        QuickEntryCase("in 3d", "2026-03-28T09:00+01:00", .en),
        QuickEntryCase("dans 3j", "2026-03-28T09:00+01:00", .fr),
        QuickEntryCase("in 3 days at 14:00", "2026-03-28T14:00+01:00", matched: "in 3 days at 14:00"),
        QuickEntryCase("Relancer Dupont dans 1 semaine à 8h30", "2026-04-01T08:30+02:00", title: "Relancer Dupont", matched: "dans 1 semaine à 8h30"),
    ])
    func durations(example: QuickEntryCase) throws { try check(example) }

    @Test("durations in hours and minutes are exact", arguments: [
        QuickEntryCase("in 4 hours", "2026-03-25T14:00+01:00", .en),
        QuickEntryCase("dans 4 heures", "2026-03-25T14:00+01:00", .fr),
        QuickEntryCase("in an hour", "2026-03-25T11:00+01:00", .en),
        QuickEntryCase("dans une heure", "2026-03-25T11:00+01:00", .fr),
        QuickEntryCase("Rappeler dans 2h", "2026-03-25T12:00+01:00", title: "Rappeler", .fr),
        QuickEntryCase("in 30 min", "2026-03-25T10:30+01:00", .en),
        QuickEntryCase("in 45 minutes", "2026-03-25T10:45+01:00", .en),
    ])
    func exactDurations(example: QuickEntryCase) throws { try check(example) }

    @Test("named days with and without a time", arguments: [
        QuickEntryCase("tomorrow 9:00", "2026-03-26T09:00+01:00", matched: "tomorrow 9:00", .en),
        QuickEntryCase("demain 9h", "2026-03-26T09:00+01:00", matched: "demain 9h", .fr),
        QuickEntryCase("demain 14h30", "2026-03-26T14:30+01:00", .fr),
        QuickEntryCase("demain à 14h05", "2026-03-26T14:05+01:00", .fr),
        QuickEntryCase("tomorrow", "2026-03-26T09:00+01:00", .en),
        QuickEntryCase("today 17:00", "2026-03-25T17:00+01:00", .en),
        QuickEntryCase("aujourd'hui 17h", "2026-03-25T17:00+01:00", .fr),
        QuickEntryCase("Aujourd’hui 17h", "2026-03-25T17:00+01:00", .fr),
        QuickEntryCase("AUJOURD'HUI 17H", "2026-03-25T17:00+01:00", .fr),
        QuickEntryCase("TOMORROW 9:00", "2026-03-26T09:00+01:00", .en),
        QuickEntryCase("today 8:00", "2026-03-25T08:00+01:00", .en),
        QuickEntryCase("Appeler Mme Lefèvre après-demain", "2026-03-27T09:00+01:00", title: "Appeler Mme Lefèvre", .fr),
        QuickEntryCase("appeler apres demain", "2026-03-27T09:00+01:00", title: "appeler", .fr),
        QuickEntryCase("the day after tomorrow call Bob", "2026-03-27T09:00+01:00", title: "call Bob", .en),
        QuickEntryCase("tomorrow at noon", "2026-03-26T12:00+01:00", .en),
        QuickEntryCase("demain midi", "2026-03-26T12:00+01:00", .fr),
    ])
    func namedDays(example: QuickEntryCase) throws { try check(example) }

    @Test("weekdays mean the first one after today", arguments: [
        QuickEntryCase("next monday", "2026-03-30T09:00+02:00", .en),
        QuickEntryCase("lundi prochain", "2026-03-30T09:00+02:00", .fr),
        QuickEntryCase("prochain lundi", "2026-03-30T09:00+02:00", .fr),
        QuickEntryCase("monday", "2026-03-30T09:00+02:00", .en),
        QuickEntryCase("Lundi", "2026-03-30T09:00+02:00", .fr),
        QuickEntryCase("tuesday", "2026-03-31T09:00+02:00", .en),
        QuickEntryCase("mardi", "2026-03-31T09:00+02:00", .fr),
        QuickEntryCase("wednesday", "2026-04-01T09:00+02:00", .en),
        QuickEntryCase("mercredi prochain", "2026-04-01T09:00+02:00", .fr),
        QuickEntryCase("next thursday", "2026-03-26T09:00+01:00", .en),
        QuickEntryCase("jeudi", "2026-03-26T09:00+01:00", .fr),
        QuickEntryCase("friday", "2026-03-27T09:00+01:00", .en),
        QuickEntryCase("vendredi", "2026-03-27T09:00+01:00", .fr),
        QuickEntryCase("saturday", "2026-03-28T09:00+01:00", .en),
        QuickEntryCase("samedi", "2026-03-28T09:00+01:00", .fr),
        QuickEntryCase("sunday", "2026-03-29T09:00+02:00", .en),
        QuickEntryCase("dimanche", "2026-03-29T09:00+02:00", .fr),
        QuickEntryCase("Call Dupont on friday at 3pm", "2026-03-27T15:00+01:00", title: "Call Dupont", matched: "on friday at 3pm", .en),
        QuickEntryCase("Envoyer le devis mardi prochain à 10h30", "2026-03-31T10:30+02:00", title: "Envoyer le devis", matched: "mardi prochain à 10h30", .fr),
    ])
    func weekdays(example: QuickEntryCase) throws { try check(example) }

    @Test("calendar dates", arguments: [
        QuickEntryCase("2027-01-15", "2027-01-15T09:00+01:00", matched: "2027-01-15"),
        QuickEntryCase("2026-7-4 10:00", "2026-07-04T10:00+02:00"),
        QuickEntryCase("15/01", "2027-01-15T09:00+01:00"),
        QuickEntryCase("15/04", "2026-04-15T09:00+02:00"),
        QuickEntryCase("25/03", "2026-03-25T09:00+01:00"),
        QuickEntryCase("24/03", "2027-03-24T09:00+01:00"),
        QuickEntryCase("5/4", "2026-04-05T09:00+02:00"),
        QuickEntryCase("29/02", "2028-02-29T09:00+01:00"),
        QuickEntryCase("15/01/2027 14h", "2027-01-15T14:00+01:00"),
        QuickEntryCase("15/01/27", "2027-01-15T09:00+01:00"),
        QuickEntryCase("Rappeler Dupont le 15/01 à 14h", "2027-01-15T14:00+01:00", title: "Rappeler Dupont", matched: "le 15/01 à 14h", .fr),
    ])
    func calendarDates(example: QuickEntryCase) throws { try check(example) }

    @Test("a time alone is today if still to come, otherwise tomorrow", arguments: [
        QuickEntryCase("at 10am", "2026-03-26T10:00+01:00", matched: "at 10am", .en),
        QuickEntryCase("at 11am", "2026-03-25T11:00+01:00", .en),
        QuickEntryCase("10:30", "2026-03-25T10:30+01:00"),
        QuickEntryCase("9:59", "2026-03-26T09:59+01:00"),
        QuickEntryCase("Call Dupont at 10:30 pm", "2026-03-25T22:30+01:00", title: "Call Dupont", matched: "at 10:30 pm", .en),
        QuickEntryCase("call at 10 am", "2026-03-26T10:00+01:00", title: "call", .en),
        QuickEntryCase("12am", "2026-03-26T00:00+01:00", .en),
        QuickEntryCase("12pm", "2026-03-25T12:00+01:00", .en),
        QuickEntryCase("à 16h", "2026-03-25T16:00+01:00", .fr),
        QuickEntryCase("vers 18h45", "2026-03-25T18:45+01:00", .fr),
    ])
    func timesAlone(example: QuickEntryCase) throws { try check(example) }

    @Test("the title keeps every other word as typed", arguments: [
        QuickEntryCase("Call back Dupont, tomorrow.", "2026-03-26T09:00+01:00", title: "Call back Dupont"),
        QuickEntryCase("Send 2 quotes tomorrow", "2026-03-26T09:00+01:00", title: "Send 2 quotes"),
        QuickEntryCase("tomorrow: call Dupont about the 3 licences", "2026-03-26T09:00+01:00", title: "call Dupont about the 3 licences"),
        QuickEntryCase("Relancer Mme Müller — demain", "2026-03-26T09:00+01:00", title: "Relancer Mme Müller"),
        QuickEntryCase("  Envoyer   la  proposition   lundi  ", "2026-03-30T09:00+02:00", title: "Envoyer la proposition"),
        QuickEntryCase("Put in a word with Ana in 2 days", "2026-03-27T09:00+01:00", title: "Put in a word with Ana"),
    ])
    func titles(example: QuickEntryCase) throws { try check(example) }

    @Test("month ends", arguments: [
        QuickEntryCase("in a month", at: "2026-01-31T10:00+01:00", "2026-02-28T09:00+01:00"),
        QuickEntryCase("dans un mois", at: "2028-01-31T10:00+01:00", "2028-02-29T09:00+01:00"),
        QuickEntryCase("in a month", at: "2026-03-31T10:00+02:00", "2026-04-30T09:00+02:00"),
        QuickEntryCase("in 2 months", at: "2026-12-31T10:00+01:00", "2027-02-28T09:00+01:00"),
        QuickEntryCase("in 13 months", at: "2026-01-31T10:00+01:00", "2027-02-28T09:00+01:00"),
        QuickEntryCase("tomorrow", at: "2026-12-31T10:00+01:00", "2027-01-01T09:00+01:00"),
        QuickEntryCase("demain", at: "2026-02-28T10:00+01:00", "2026-03-01T09:00+01:00"),
        QuickEntryCase("demain", at: "2028-02-28T10:00+01:00", "2028-02-29T09:00+01:00"),
        QuickEntryCase("in 3 days", at: "2026-04-29T10:00+02:00", "2026-05-02T09:00+02:00"),
        QuickEntryCase("15/01", at: "2026-12-31T10:00+01:00", "2027-01-15T09:00+01:00"),
        QuickEntryCase("monday", at: "2026-12-31T10:00+01:00", "2027-01-04T09:00+01:00"),
    ])
    func monthEnds(example: QuickEntryCase) throws { try check(example) }

    @Test("daylight-saving changes in Europe/Paris", arguments: [
        // Spring forward: Sunday 2026-03-29, 02:00 → 03:00.
        QuickEntryCase("tomorrow 9:00", at: "2026-03-28T10:00+01:00", "2026-03-29T09:00+02:00"),
        QuickEntryCase("in 24 hours", at: "2026-03-28T10:00+01:00", "2026-03-29T11:00+02:00"),
        QuickEntryCase("in 1 day", at: "2026-03-28T10:00+01:00", "2026-03-29T09:00+02:00"),
        QuickEntryCase("demain 9h", at: "2026-03-28T23:30+01:00", "2026-03-29T09:00+02:00"),
        QuickEntryCase("in 1 hour", at: "2026-03-29T01:30+01:00", "2026-03-29T03:30+02:00"),
        QuickEntryCase("8:00", at: "2026-03-28T23:00+01:00", "2026-03-29T08:00+02:00"),
        QuickEntryCase("tomorrow 2:30", at: "2026-03-28T10:00+01:00", "2026-03-29T03:30+02:00"),
        QuickEntryCase("today 3:00", at: "2026-03-29T01:30+01:00", "2026-03-29T03:00+02:00"),
        QuickEntryCase("in 7 days", at: "2026-03-25T10:00+01:00", "2026-04-01T09:00+02:00"),
        // Fall back: Sunday 2026-10-25, 03:00 → 02:00.
        QuickEntryCase("tomorrow", at: "2026-10-24T10:00+02:00", "2026-10-25T09:00+01:00"),
        QuickEntryCase("in 24 hours", at: "2026-10-24T10:00+02:00", "2026-10-25T09:00+01:00"),
        QuickEntryCase("demain 2h30", at: "2026-10-24T10:00+02:00", "2026-10-25T02:30+02:00"),
        QuickEntryCase("demain 3h", at: "2026-10-24T10:00+02:00", "2026-10-25T03:00+01:00"),
        QuickEntryCase("lundi", at: "2026-10-23T18:00+02:00", "2026-10-26T09:00+01:00"),
        QuickEntryCase("today 23:30", at: "2026-10-25T00:10+02:00", "2026-10-25T23:30+01:00"),
    ])
    func daylightSaving(example: QuickEntryCase) throws { try check(example) }

    @Test("days are read on the calendar of the user's time zone")
    func otherTimeZone() throws {
        let now = try #require(Timestamp.parse("2026-03-25T23:30Z"))
        let inParis = try entry.parse("tomorrow", now: now)
        let inNewYork = try QuickEntry(timeZone: #require(TimeZone(identifier: "America/New_York"))).parse("tomorrow", now: now)
        #expect(inParis.dueAt == Timestamp.parse("2026-03-27T09:00+01:00"))
        #expect(inNewYork.dueAt == Timestamp.parse("2026-03-26T09:00-04:00"))
    }

    @Test("the default time is configurable")
    func defaultTime() throws {
        let now = try #require(Timestamp.parse(Self.wednesday))
        let result = try QuickEntry(timeZone: Self.paris, defaultHour: 8, defaultMinute: 30).parse("in 3 days", now: now)
        #expect(result.dueAt == Timestamp.parse("2026-03-28T08:30+01:00"))
    }

    @Test("digits only take the caller's language")
    func neutralLanguage() throws {
        let now = try #require(Timestamp.parse(Self.wednesday))
        #expect(try entry.parse("15/01", now: now, language: .fr).language == .fr)
        #expect(try entry.parse("15/01 10:00", now: now).language == .en)
        #expect(try entry.parse("Devis 15/01 10h", now: now).language == .fr)
    }

    @Test("a phrase without a date says so, with examples")
    func noDate() throws {
        let error = try #require(try failure("Call Dupont"))
        #expect(error.field == "text")
        #expect(error.message.contains("in 3 days"))
        #expect(error.message.contains("tomorrow 9:00"))
        let french = try #require(try failure("Appeler Dupont", language: .fr))
        #expect(french.message.contains("dans 3 jours"))
        #expect(french.message.hasPrefix("n’indique aucune date"))
    }

    @Test("an empty phrase is required", arguments: ["", "   "])
    func empty(phrase: String) throws {
        #expect(try failure(phrase) == FieldError("text", "is required"))
    }

    @Test("dates and times that do not exist are refused, naming them", arguments: [
        ("31/02", "31/02"), ("2026-02-30", "2026-02-30"), ("30/02/2028", "30/02/2028"), ("0/5", "0/5"),
        ("13/13", "13/13"), ("25:00", "25:00"), ("9h75", "9h75"), ("13pm", "13pm"), ("0 am", "0 am"),
        ("call tomorrow at 24h", "24h"),
    ])
    func impossible(phrase: String, named: String) throws {
        let error = try #require(try failure(phrase))
        #expect(error.message.contains("“\(named)”"), "\(error.message)")
    }

    @Test("two dates, two times, or a time with an exact duration are refused", arguments: [
        ("tomorrow monday", "“tomorrow” and “monday”"),
        ("9h or 10h", "“9h” and “10h”"),
        ("in 3 days 15/01", "“in 3 days” and “15/01”"),
        ("in 2 hours tomorrow", "“in 2 hours” and “tomorrow”"),
    ])
    func ambiguous(phrase: String, named: String) throws {
        let error = try #require(try failure(phrase))
        #expect(error.message.contains(named), "\(error.message)")
    }

    @Test("an exact duration takes no time of day", arguments: ["in 2 hours at 10am", "at 10am in 2 hours"])
    func durationWithTime(phrase: String) throws {
        let error = try #require(try failure(phrase))
        #expect(error.message.contains("“in 2 hours” already sets the time"), "\(error.message)")
    }

    @Test("words that only look like dates stay in the title", arguments: [
        ("Send 1/2/3/4 forms tomorrow", "Send 1/2/3/4 forms"),
        ("Call in person tomorrow", "Call in person"),
        ("Meet next door on monday", "Meet next door"),
        ("Call 10 clients tomorrow", "Call 10 clients"),
    ])
    func lookalikes(phrase: String, title: String) throws {
        let result = try entry.parse(phrase, now: try #require(Timestamp.parse(Self.wednesday)))
        #expect(result.title == title)
    }
}
