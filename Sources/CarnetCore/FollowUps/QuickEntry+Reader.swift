import Foundation

extension QuickEntry {
    /// The vocabulary of date phrases, tried at one token of the phrase at a time.
    struct Reader {
        let tokens: [Token]
        let today: LocalDate
        let now: Date
        /// The language errors are written in.
        let language: Language

        /// The tokens a piece of date covers from where it was tried, and what it means.
        struct Match {
            let length: Int
            let part: Part
            let language: Language?
        }

        /// The date piece that starts at `index`, if any; throws when its shape is a date or
        /// a time that does not exist (`31/02`, `25:00`).
        func match(at index: Int) throws(CarnetError) -> Match? {
            if let match = duration(at: index) ?? namedDay(at: index) ?? weekday(at: index) { return match }
            if let match = try calendarDate(at: index) { return match }
            return try timeOfDay(at: index)
        }

        private func key(_ index: Int) -> String? {
            tokens.indices.contains(index) ? tokens[index].key : nil
        }

        // MARK: durations

        enum Unit { case minute, hour, day, week, month }

        static let durationWords: [String: Language] = ["in": .en, "dans": .fr, "d'ici": .fr]

        static let units: [String: Unit] = [
            "minute": .minute, "minutes": .minute, "min": .minute, "mins": .minute,
            "hour": .hour, "hours": .hour, "hr": .hour, "hrs": .hour, "h": .hour, "heure": .hour, "heures": .hour,
            "day": .day, "days": .day, "d": .day, "jour": .day, "jours": .day, "j": .day,
            "week": .week, "weeks": .week, "w": .week, "semaine": .week, "semaines": .week, "sem": .week,
            "month": .month, "months": .month, "mois": .month,
        ]

        static let numberWords: [String: Int] = [
            "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
            "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "quinze": 15,
        ]

        /// `in 3 days`, `dans un mois`, `in 2h`, `d'ici 15 jours`.
        func duration(at index: Int) -> Match? {
            guard let word = key(index), let language = Self.durationWords[word], let next = key(index + 1) else { return nil }
            let digits = next.prefix { $0.isASCII && $0.isNumber }
            if (1...3).contains(digits.count), let count = Int(digits), let unit = Self.units[String(next.dropFirst(digits.count))] {
                return Match(length: 2, part: part(count, unit), language: language)
            }
            guard let count = Self.number(next), let unitWord = key(index + 2), let unit = Self.units[unitWord] else { return nil }
            return Match(length: 3, part: part(count, unit), language: language)
        }

        private static func number(_ word: String) -> Int? {
            if (1...3).contains(word.count), word.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int(word) }
            return numberWords[word]
        }

        private func part(_ count: Int, _ unit: Unit) -> Part {
            switch unit {
            case .minute: .instant(now.addingTimeInterval(Double(count) * 60))
            case .hour: .instant(now.addingTimeInterval(Double(count) * 3600))
            case .day: .day(today.adding(days: count))
            case .week: .day(today.adding(days: 7 * count))
            case .month: .day(today.adding(months: count))
            }
        }

        // MARK: named days

        /// Longest first, so `après demain` wins over `demain`.
        static let namedDays: [(words: [String], days: Int, language: Language)] = [
            (["the", "day", "after", "tomorrow"], 2, .en),
            (["day", "after", "tomorrow"], 2, .en),
            (["apres", "demain"], 2, .fr),
            (["today"], 0, .en), (["tomorrow"], 1, .en),
            (["aujourd'hui"], 0, .fr), (["aujourdhui"], 0, .fr), (["demain"], 1, .fr), (["apres-demain"], 2, .fr),
        ]

        /// `today`, `demain`, `après-demain`, `the day after tomorrow`.
        func namedDay(at index: Int) -> Match? {
            for entry in Self.namedDays where entry.words.indices.allSatisfy({ key(index + $0) == entry.words[$0] }) {
                return Match(length: entry.words.count, part: .day(today.adding(days: entry.days)), language: entry.language)
            }
            return nil
        }

        // MARK: weekdays

        static let weekdays: [String: (day: Int, language: Language)] = [
            "monday": (1, .en), "tuesday": (2, .en), "wednesday": (3, .en), "thursday": (4, .en),
            "friday": (5, .en), "saturday": (6, .en), "sunday": (7, .en),
            "lundi": (1, .fr), "mardi": (2, .fr), "mercredi": (3, .fr), "jeudi": (4, .fr),
            "vendredi": (5, .fr), "samedi": (6, .fr), "dimanche": (7, .fr),
        ]

        /// `monday`, `next monday`, `lundi`, `lundi prochain`, `prochain lundi`: the first one after today.
        func weekday(at index: Int) -> Match? {
            guard let word = key(index) else { return nil }
            let found: (day: Int, language: Language)
            let length: Int
            if word == "next" || word == "prochain", let next = key(index + 1), let day = Self.weekdays[next] {
                found = day
                length = 2
            } else if let day = Self.weekdays[word] {
                found = day
                length = key(index + 1) == "prochain" ? 2 : 1
            } else {
                return nil
            }
            let ahead = (found.day - today.weekday + 7) % 7
            return Match(length: length, part: .day(today.adding(days: ahead == 0 ? 7 : ahead)), language: found.language)
        }

        // MARK: calendar dates

        /// `2027-01-15`, `15/01` (this year or the next where it is still to come), `15/01/2027`, `15/01/27`.
        func calendarDate(at index: Int) throws(CarnetError) -> Match? {
            let token = tokens[index]
            let allowed: Set<Character> = ["-", "/"]
            guard token.key.contains(where: { allowed.contains($0) }),
                  token.key.allSatisfy({ ($0.isASCII && $0.isNumber) || allowed.contains($0) })
            else { return nil }
            let dashes = token.key.split(separator: "-", omittingEmptySubsequences: false)
            let slashes = token.key.split(separator: "/", omittingEmptySubsequences: false)
            let date: LocalDate?
            if dashes.count == 3, dashes[0].count == 4, (1...2).contains(dashes[1].count), (1...2).contains(dashes[2].count) {
                date = LocalDate(year: Int(dashes[0])!, month: Int(dashes[1])!, day: Int(dashes[2])!)
            } else if (2...3).contains(slashes.count), (1...2).contains(slashes[0].count), (1...2).contains(slashes[1].count) {
                let day = Int(slashes[0])!, month = Int(slashes[1])!
                if slashes.count == 3 {
                    guard slashes[2].count == 2 || slashes[2].count == 4 else { return nil }
                    let year = Int(slashes[2])!
                    date = LocalDate(year: year < 100 ? 2000 + year : year, month: month, day: day)
                } else {
                    // Eight years always include a 29 February.
                    date = (0...8).lazy.compactMap { LocalDate(year: today.year + $0, month: month, day: day) }.first { $0 >= today }
                }
            } else {
                return nil
            }
            guard let date else { throw QuickEntry.failure("quick_entry.invalid_date", language, ["text": token.word]) }
            return Match(length: 1, part: .day(date), language: nil)
        }

        // MARK: times of day

        /// `9:00`, `14:30`, `9h`, `14h30`, `10am`, `10:30pm`, `10 am`, `noon`, `midi`.
        func timeOfDay(at index: Int) throws(CarnetError) -> Match? {
            let token = tokens[index]
            switch token.key {
            case "noon": return Match(length: 1, part: .time(hour: 12, minute: 0), language: .en)
            case "midi": return Match(length: 1, part: .time(hour: 12, minute: 0), language: .fr)
            default: break
            }
            let digits = token.key.prefix { $0.isASCII && $0.isNumber }
            guard (1...2).contains(digits.count), let hour = Int(digits) else { return nil }
            var meridiem = Substring(token.key.dropFirst(digits.count))
            var minute = 0
            var language: Language?
            if let separator = meridiem.first, separator == "h" || separator == ":" {
                let tail = meridiem.dropFirst()
                let minuteDigits = tail.prefix { $0.isASCII && $0.isNumber }
                meridiem = tail.dropFirst(minuteDigits.count)
                switch minuteDigits.count {
                case 2: minute = Int(minuteDigits)!
                case 0 where separator == "h": break
                default: return nil
                }
                if separator == "h" {
                    guard meridiem.isEmpty else { return nil }
                    language = .fr
                }
            } else if meridiem.isEmpty, !["am", "pm"].contains(key(index + 1)) {
                // A bare number (“2 quotes”) is not a time.
                return nil
            }
            var length = 1
            if meridiem.isEmpty, language == nil, let next = key(index + 1), next == "am" || next == "pm" {
                meridiem = Substring(next)
                length = 2
            }
            switch meridiem {
            case "": break
            case "am", "pm": language = .en
            default: return nil
            }
            let valid = meridiem.isEmpty ? hour < 24 && minute < 60 : (1...12).contains(hour) && minute < 60
            guard valid else {
                let text = tokens[index..<(index + length)].map(\.word).joined(separator: " ")
                throw QuickEntry.failure("quick_entry.invalid_time", self.language, ["text": text])
            }
            let hour24 = meridiem.isEmpty ? hour : hour % 12 + (meridiem == "pm" ? 12 : 0)
            return Match(length: length, part: .time(hour: hour24, minute: minute), language: language)
        }
    }
}
