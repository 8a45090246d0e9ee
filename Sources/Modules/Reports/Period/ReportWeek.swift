import CarnetCore
import Foundation

/// An ISO week (Monday 00:00 to the next Monday, UTC), the unit of the adoption report.
public struct ReportWeek: Sendable, Equatable {
    /// Its ISO label, `2026-W10`.
    public let label: String
    public let start: Date
    /// The next Monday 00:00, or now for the current week: the instant its figures are read at.
    public let end: Date
    /// The next Monday 00:00: what happened before it belongs to this week or an earlier one.
    public let boundary: Date

    static let length: Int64 = 7 * 86_400_000

    /// The last `count` ISO weeks up to the one holding `now`, oldest first.
    public static func last(_ count: Int, now: Date) -> [ReportWeek] {
        let nowMillis = Timestamp.millis(now)
        let day = nowMillis.floorDivided(by: 86_400_000)
        // 1970-01-01 was a Thursday: (day + 3) mod 7 is the number of days since Monday.
        let monday = day - ((day + 3) % 7 + 7) % 7
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .gmt
        return (0..<count).map { index in
            let startMillis = (monday - Int64(count - 1 - index) * 7) * 86_400_000
            let start = Timestamp.date(millis: startMillis)
            let parts = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: start)
            let week = parts.weekOfYear ?? 1
            let label = "\(parts.yearForWeekOfYear ?? 1970)-W" + (week < 10 ? "0\(week)" : "\(week)")
            return ReportWeek(label: label, start: start, end: Timestamp.date(millis: min(startMillis + length, nowMillis)),
                              boundary: Timestamp.date(millis: startMillis + length))
        }
    }

    /// Reads `?weeks=`: a whole number from 1 to 104, 12 when absent.
    public static func count(_ text: String?, language: Language) throws(CarnetError) -> Int {
        guard let text else { return 12 }
        guard text.utf8.allSatisfy({ (48...57).contains($0) }), text.count <= 3, let value = Int(text), (1...104).contains(value) else {
            throw .validation([FieldError("weeks", L10n.text("reports.weeks", language, ["value": text]))])
        }
        return value
    }
}

extension Int64 {
    /// Division rounding towards minus infinity.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
