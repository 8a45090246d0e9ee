import CarnetCore
import Foundation

/// A run of whole months, `from` to `to` both included, read in UTC.
public struct ReportPeriod: Sendable, Equatable {
    public let from: ReportMonth
    public let to: ReportMonth

    /// The longest period a report accepts, in months (5 years).
    public static let maximumMonths = 60

    public init(from: ReportMonth, to: ReportMonth) {
        self.from = from
        self.to = to
    }

    /// Reads `?from=YYYY-MM&to=YYYY-MM`; either may be absent and then defaults around `now`:
    /// `defaultFrom` and `defaultTo` months from the current one. Problems name the parameter.
    public static func parse(from fromText: String?, to toText: String?, now: Date, defaultFrom: Int, defaultTo: Int,
                             language: Language) throws(CarnetError) -> ReportPeriod {
        let current = ReportMonth(containing: now)
        var errors: [FieldError] = []
        func month(_ text: String?, field: String, fallback: ReportMonth) -> ReportMonth? {
            guard let text else { return fallback }
            guard let value = ReportMonth(text) else {
                errors.append(FieldError(field, L10n.text("reports.month_format", language, ["value": text])))
                return nil
            }
            return value
        }
        let from = month(fromText, field: "from", fallback: current.adding(defaultFrom))
        let to = month(toText, field: "to", fallback: current.adding(defaultTo))
        guard let from, let to else { throw .validation(errors) }
        if to < from {
            throw .validation([FieldError("to", L10n.text("reports.period_order", language, ["from": from.description, "to": to.description]))])
        }
        let months = from.months(to: to) + 1
        if months > maximumMonths {
            throw .validation([FieldError("to", L10n.text("reports.period_too_long", language, ["count": String(months), "max": String(maximumMonths)]))])
        }
        return ReportPeriod(from: from, to: to)
    }

    /// The months of the period, in order.
    public var months: [ReportMonth] {
        (0...from.months(to: to)).map { from.adding($0) }
    }

    /// Midnight UTC on the first day of `from`.
    public var start: Date { from.start }

    /// Midnight UTC on the first day after `to`.
    public var end: Date { to.adding(1).start }

    /// The period of equal length just before this one.
    public var previous: ReportPeriod {
        let length = from.months(to: to) + 1
        return ReportPeriod(from: from.adding(-length), to: to.adding(-length))
    }
}
