import CarnetCore
@testable import CarnetReports
import Foundation
import Testing

@Suite("Reports: periods and weeks")
struct ReportPeriodTests {
    static let now = Date(timeIntervalSince1970: 1_772_445_600)  // 2026-03-02 10:00 UTC, a Monday

    static func fields(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as CarnetError {
            guard case .validation(let fields) = error else { return ["not a validation error"] }
            return fields.map(\.field)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test("months read as YYYY-MM, defaults around now, previous period of equal length")
    func months() throws {
        let period = try ReportPeriod.parse(from: "2025-11", to: "2026-02", now: Self.now, defaultFrom: 0, defaultTo: 11, language: .en)
        #expect(period.months.map(\.description) == ["2025-11", "2025-12", "2026-01", "2026-02"])
        #expect(period.previous == ReportPeriod(from: ReportMonth("2025-07")!, to: ReportMonth("2025-10")!))
        #expect(Timestamp.format(period.start) == "2025-11-01T00:00:00.000Z")
        #expect(Timestamp.format(period.end) == "2026-03-01T00:00:00.000Z")
        let defaults = try ReportPeriod.parse(from: nil, to: nil, now: Self.now, defaultFrom: 0, defaultTo: 11, language: .en)
        #expect(defaults == ReportPeriod(from: ReportMonth("2026-03")!, to: ReportMonth("2027-02")!))
        let sixty = try ReportPeriod.parse(from: "2021-01", to: "2025-12", now: Self.now, defaultFrom: 0, defaultTo: 0, language: .en)
        #expect(sixty.months.count == 60)
    }

    @Test("an end before the start, more than 5 years or a malformed month is a 422 naming the parameter")
    func badPeriods() {
        func parse(_ from: String?, _ to: String?) -> [String] {
            Self.fields { _ = try ReportPeriod.parse(from: from, to: to, now: Self.now, defaultFrom: 0, defaultTo: 11, language: .fr) }
        }
        #expect(parse("2026-05", "2026-04") == ["to"])
        #expect(parse("2021-01", "2026-01") == ["to"])
        #expect(parse("2026-13", nil) == ["from"])
        #expect(parse("2026-3", "march") == ["from", "to"])
        #expect(parse("0999-01", nil) == ["from"])
        #expect(parse(nil, "2026-02") == ["to"], "the default start (this month) is after February")
    }

    @Test("weeks: ISO labels, Monday starts in UTC, the current one ending now; 1 to 104 of them")
    func weeks() {
        let weeks = ReportWeek.last(3, now: Self.now)
        #expect(weeks.map(\.label) == ["2026-W08", "2026-W09", "2026-W10"])
        #expect(weeks.map { Timestamp.format($0.start) } == ["2026-02-16T00:00:00.000Z", "2026-02-23T00:00:00.000Z", "2026-03-02T00:00:00.000Z"])
        #expect(weeks.last?.end == Self.now)
        #expect(ReportWeek.last(1, now: Timestamp.parse("2027-01-01T12:00:00Z")!).first?.label == "2026-W53")
        #expect((try? ReportWeek.count(nil, language: .en)) == 12)
        #expect((try? ReportWeek.count("104", language: .en)) == 104)
        for bad in ["0", "105", "-1", "twelve", "1.5", "0012"] {
            #expect(Self.fields { _ = try ReportWeek.count(bad, language: .en) } == ["weeks"], "\(bad)")
        }
    }
}
