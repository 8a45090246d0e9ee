import Foundation

/// Reads a due date and time out of a phrase typed in one field, in English or French:
/// “call back Dupont in 3 days”, “relancer demain 14h30”, “devis lundi prochain”.
///
/// Understood, case- and accent-insensitively, anywhere in the phrase:
/// - durations: `in 3 days`, `in 2 weeks`, `in a month`, `in 4 hours`, `in 30 min`, `in 2h`;
///   `dans 3 jours`, `dans 2 semaines`, `dans un mois`, `dans 4 heures`, `d'ici 15 jours`;
/// - days: `today`, `tomorrow`, `the day after tomorrow`; `aujourd'hui`, `demain`, `après-demain`;
///   a weekday alone, `next monday`, `lundi prochain`, `prochain lundi`;
///   `2027-01-15`, `15/01`, `15/01/2027`;
/// - times: `9:00`, `14:30`, `10am`, `10:30 pm`, `noon`; `9h`, `14h30`, `midi`; after `at` / `à` or alone.
///
/// The rules, chosen so a phrase means what a salesperson means by it:
/// - A day without a time is due at the default time (9:00).
/// - A time without a day is today if it is still to come, otherwise tomorrow.
/// - A weekday, `next monday` and `lundi prochain` all mean the first such day after
///   today, never today itself.
/// - `15/01` is day/month: this year, or the next year where that date is still to come
///   (`29/02` finds the next leap year).
/// - Days, weeks and months count on the calendar of the user's time zone, so
///   `in 3 days` is 9:00 on the clock even across a daylight-saving change; hours and
///   minutes are exact durations from now and take no time of day.
/// - `in a month` on the 31st lands on the month's last day.
///
/// The words `at`, `on`, `by`, `for`, `à`, `le`, `pour`, `vers` just before a date are
/// part of it, so “Rappeler Dupont le 15/01” leaves the title “Rappeler Dupont”.
public struct QuickEntry: Sendable {
    /// The user's time zone: “tomorrow” and “9:00” are read on its clocks.
    public var timeZone: TimeZone
    /// The time of a day named without one.
    public var defaultHour: Int
    public var defaultMinute: Int

    public init(timeZone: TimeZone, defaultHour: Int = 9, defaultMinute: Int = 0) {
        self.timeZone = timeZone
        self.defaultHour = defaultHour
        self.defaultMinute = defaultMinute
    }

    /// Reads `text` at `now`; errors are written in `language`, which is also the result's
    /// language when the date words are only digits.
    ///
    /// Throws `CarnetError.validation` on the field `text` when the phrase has no date,
    /// names two, or names one that does not exist (`31/02`, `25:00`), with examples.
    public func parse(_ text: String, now: Date, language: Language = .en) throws(CarnetError) -> QuickEntryResult {
        let tokens = Self.tokenize(text)
        guard !tokens.isEmpty else { throw Self.failure("validation.required", language) }
        let today = LocalDate(now, in: timeZone)
        let reader = Reader(tokens: tokens, today: today, now: now, language: language)
        var found: [Found] = []
        var index = 0
        while index < tokens.count {
            guard let match = try reader.match(at: index) else {
                index += 1
                continue
            }
            var start = index
            if start > 0, !found.contains(where: { $0.range.contains(start - 1) }), Self.connectors.contains(tokens[start - 1].lower) {
                start -= 1
            }
            found.append(Found(range: start..<(index + match.length), part: match.part, language: match.language,
                               text: tokens[index..<(index + match.length)].map(\.word).joined(separator: " ")))
            index += match.length
        }

        var day: (date: LocalDate, text: String)?
        var instant: (date: Date, text: String)?
        var time: (hour: Int, minute: Int, text: String)?
        for item in found {
            let earlier = [day?.text, instant?.text]
            switch item.part {
            case .day(let date):
                if let first = earlier.compactMap({ $0 }).first { throw Self.ambiguous(first, item.text, language) }
                day = (date, item.text)
            case .instant(let date):
                if let first = earlier.compactMap({ $0 }).first { throw Self.ambiguous(first, item.text, language) }
                if let time { throw Self.failure("quick_entry.time_with_duration", language, ["duration": item.text, "time": time.text]) }
                instant = (date, item.text)
            case .time(let hour, let minute):
                if let time { throw Self.ambiguous(time.text, item.text, language) }
                if let instant { throw Self.failure("quick_entry.time_with_duration", language, ["duration": instant.text, "time": item.text]) }
                time = (hour, minute, item.text)
            }
        }

        let dueAt: Date
        if let instant {
            dueAt = instant.date
        } else if let day {
            dueAt = day.date.instant(hour: time?.hour ?? defaultHour, minute: time?.minute ?? defaultMinute, in: timeZone)
        } else if let time {
            let later = today.instant(hour: time.hour, minute: time.minute, in: timeZone)
            dueAt = later > now ? later : today.adding(days: 1).instant(hour: time.hour, minute: time.minute, in: timeZone)
        } else {
            throw Self.failure("quick_entry.no_date", language)
        }

        let used = Set(found.flatMap { Array($0.range) })
        let title = tokens.indices.filter { !used.contains($0) }.map { tokens[$0].raw }.joined(separator: " ")
        return QuickEntryResult(
            title: title.trimmingCharacters(in: Self.titleTrim),
            dueAt: dueAt,
            matchedText: found.map { $0.range.map { tokens[$0].word }.joined(separator: " ") }.joined(separator: " "),
            language: found.lazy.compactMap(\.language).first ?? language)
    }

    // MARK: errors

    static func failure(_ key: String, _ language: Language, _ values: [String: String] = [:]) -> CarnetError {
        var values = values
        values["examples"] = L10n.text("quick_entry.examples", language)
        return .validation([FieldError("text", L10n.text(key, language, values))])
    }

    static func ambiguous(_ first: String, _ second: String, _ language: Language) -> CarnetError {
        failure("quick_entry.ambiguous", language, ["first": first, "second": second])
    }

    // MARK: tokens

    /// One word of the phrase: as typed, without surrounding punctuation, and folded for matching.
    struct Token {
        /// As typed, punctuation included: what the title keeps.
        let raw: String
        /// As typed, without the punctuation around it: what `matchedText` shows.
        let word: String
        /// Lower case, accents kept (`à` is not `a`).
        let lower: String
        /// Lower case without accents, typographic apostrophes made straight: what the vocabulary matches.
        let key: String
    }

    static func tokenize(_ text: String) -> [Token] {
        text.split(whereSeparator: \.isWhitespace).map { raw in
            let word = raw.trimmingCharacters(in: wordTrim)
            let lower = word.lowercased()
            let key = lower.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
                .replacingOccurrences(of: "\u{2019}", with: "'")
            return Token(raw: String(raw), word: word, lower: lower, key: key)
        }
    }

    private static let wordTrim = CharacterSet(charactersIn: ",;:.!?()[]\"«»“”")
    private static let titleTrim = CharacterSet.whitespaces.union(CharacterSet(charactersIn: ",;:-–—"))

    /// Small words that belong to the date that follows them.
    static let connectors: Set<String> = ["at", "on", "by", "for", "à", "le", "pour", "vers"]

    /// One piece of a date phrase, resolved against today.
    enum Part {
        case day(LocalDate)
        case instant(Date)
        case time(hour: Int, minute: Int)
    }

    /// A piece found in the phrase: the tokens it covers (with its connector), and its words alone.
    struct Found {
        let range: Range<Int>
        let part: Part
        let language: Language?
        let text: String
    }
}
