import Foundation

/// UTC timestamps as the API and the store write them: `2026-11-24T08:30:00.123Z`.
///
/// Hand-rolled civil-date arithmetic (Howard Hinnant's days-from-civil) because
/// `ISO8601DateFormatter` costs microseconds per call on every row of every list.
public enum Timestamp {
    /// Milliseconds since 1970, the store's representation.
    ///
    /// Rounded to the nearest millisecond: `Date` keeps its offset from 2001 in a `Double`,
    /// so an instant made from a whole number of milliseconds can come back a hair below it.
    public static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The instant of a millisecond count.
    public static func date(millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// ISO 8601 text with milliseconds and a `Z`.
    public static func format(_ date: Date) -> String {
        let total = millis(date)
        let ms = Int(((total % 1000) + 1000) % 1000)
        let seconds = (total - Int64(ms)) / 1000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (y, m, d) = civil(fromDays: days)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(ms, 3))Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM)` or a bare date (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= chars.count else { return nil }
            var value = 0
            for byte in chars[start..<(start + count)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard chars.count >= 10, let year = number(0, 4), chars[4] == 45, let month = number(5, 2), chars[7] == 45,
              let day = number(8, 2), (1...12).contains(month), day >= 1, day <= LocalDate.days(inMonth: month, year: year)
        else { return nil }
        var seconds = Double(days(fromCivil: year, month, day)) * 86_400
        if chars.count == 10 { return Date(timeIntervalSince1970: seconds) }
        guard chars.count >= 16, chars[10] == 84 || chars[10] == 116 || chars[10] == 32,
              let hour = number(11, 2), chars[13] == 58, let minute = number(14, 2), hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        var index = 16
        if index < chars.count, chars[index] == 58 {
            guard let second = number(17, 2), second < 61 else { return nil }
            seconds += Double(second)
            index = 19
            if index < chars.count, chars[index] == 46 {
                index += 1
                var scale = 0.1
                var fraction = 0.0
                while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                    fraction += Double(chars[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
                seconds += fraction
            }
        }
        guard index < chars.count else { return nil }
        if chars[index] == 90 || chars[index] == 122 {
            return index == chars.count - 1 ? Date(timeIntervalSince1970: seconds) : nil
        }
        guard chars[index] == 43 || chars[index] == 45, chars.count == index + 6,
              let offsetHours = number(index + 1, 2), chars[index + 3] == 58, let offsetMinutes = number(index + 4, 2)
        else { return nil }
        let offset = Double(offsetHours * 3600 + offsetMinutes * 60)
        return Date(timeIntervalSince1970: chars[index] == 43 ? seconds - offset : seconds + offset)
    }

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
