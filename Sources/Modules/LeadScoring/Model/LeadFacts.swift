import CarnetCore
import Foundation

/// What the score of one contact is computed from: its fit fields and its signals, each
/// signal counted by kind and whole days of age.
public struct LeadFacts: Sendable, Equatable {
    public var title: String?
    public var industry: String?
    public var companySize: Int64?
    public var annualRevenue: Int64?
    /// The contact's region, else its company's.
    public var region: String?
    /// The contact's country, else its company's.
    public var country: String?
    public var signals: [SignalCount]

    public init(title: String? = nil, industry: String? = nil, companySize: Int64? = nil, annualRevenue: Int64? = nil,
                region: String? = nil, country: String? = nil, signals: [SignalCount] = []) {
        self.title = title
        self.industry = industry
        self.companySize = companySize
        self.annualRevenue = annualRevenue
        self.region = region
        self.country = country
        self.signals = signals
    }

    /// Counts signals that happened at `dates` by whole days before `now` (a signal dated after
    /// `now` is 0 days old), as the store's aggregate query does.
    public static func signals(_ dates: [(SignalKind, Date)], now: Date) -> [SignalCount] {
        var counts: [SignalCount: Int] = [:]
        for (kind, date) in dates {
            counts[SignalCount(kind: kind, ageDays: age(of: date, now: now), count: 0), default: 0] += 1
        }
        return counts.map { SignalCount(kind: $0.key.kind, ageDays: $0.key.ageDays, count: $0.value) }
            .sorted { ($0.kind.rawValue, $0.ageDays) < ($1.kind.rawValue, $1.ageDays) }
    }

    /// Whole days from `date` to `now`, never negative.
    public static func age(of date: Date, now: Date) -> Int {
        Swift.max(0, Int((Timestamp.millis(now) - Timestamp.millis(date)) / 86_400_000))
    }
}
