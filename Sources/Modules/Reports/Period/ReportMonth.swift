import CarnetCore
import Foundation

/// A calendar month, `2026-03`, read in UTC: the unit of the forecast's and funnel's periods.
public struct ReportMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) {
        let index = year * 12 + (month - 1)
        self.year = index.floorDivided(by: 12)
        self.month = index - self.year * 12 + 1
    }

    /// Parses `YYYY-MM` (a year from 1970 to 9998, a two-digit month); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), (1970...9998).contains(year), (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The month holding `date` in UTC.
    public init(containing date: Date) {
        let text = Timestamp.format(date)
        self.init(year: Int(text.prefix(4)) ?? 1970, month: Int(text.dropFirst(5).prefix(2)) ?? 1)
    }

    public var description: String {
        (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + "\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
    }

    /// Its first day, `YYYY-MM-01`, as deals store `expected_close`.
    public var firstDay: String { description + "-01" }

    /// Midnight UTC on its first day.
    public var start: Date { Timestamp.parse(firstDay) ?? Date(timeIntervalSince1970: 0) }

    /// The month `count` months later (earlier when negative).
    public func adding(_ count: Int) -> ReportMonth {
        ReportMonth(year: year, month: month + count)
    }

    /// Months from `self` to `other`, `other` excluded: 0 for the same month.
    public func months(to other: ReportMonth) -> Int {
        (other.year * 12 + other.month) - (year * 12 + month)
    }

    public static func < (lhs: ReportMonth, rhs: ReportMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}

extension Int {
    /// Division rounding towards minus infinity, so month arithmetic works before month 1.
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
