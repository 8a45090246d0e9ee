import Foundation

/// When an open deal has gone stale: the days without activity each stage tolerates.
///
/// The clock starts at the later of the deal's last logged activity and its entry into
/// its current stage (its creation, for a deal that never moved): moving a deal on is
/// working it, as Pipedrive's rotting also resets on a stage change. It never starts at
/// `updatedAt`: editing a deal's fields is not working it.
public struct RottingRule: Sendable, Equatable {
    /// Days without activity after which a deal in the stage is stale, by stage key
    /// (at least 1); a stage not listed, and won and lost stages, never go stale.
    public var days: [String: Int]

    public init(days: [String: Int]) {
        self.days = days
    }

    /// Limits for the stages of `Pipeline.standard`.
    public static let standard = RottingRule(days: ["lead": 7, "qualified": 14, "meeting": 14, "proposal": 10, "negotiation": 7])

    /// How long a deal has gone without activity, or nil when the rule does not apply to
    /// it (closed or archived, or its stage has no limit).
    public func status(of deal: Deal, lastActivityAt: Date?, in pipeline: Pipeline, now: Date) -> RottingStatus? {
        guard pipeline.isOpen(deal), let limit = days[deal.stage] else { return nil }
        let entered = max(deal.createdAt, deal.stageChangedAt)
        let since = lastActivityAt.map { max($0, entered) } ?? entered
        let daysSince = max(0, Int((now.timeIntervalSince(since) / 86_400).rounded(.down)))
        return RottingStatus(since: since, daysSince: daysSince, limit: limit)
    }
}

/// How long a deal has gone without activity, against its stage's limit.
public struct RottingStatus: Sendable, Equatable {
    /// The last activity, or the stage entry when there was none.
    public var since: Date
    /// Whole 24-hour days since then.
    public var daysSince: Int
    /// The stage's limit in days.
    public var limit: Int

    public init(since: Date, daysSince: Int, limit: Int) {
        self.since = since
        self.daysSince = daysSince
        self.limit = limit
    }

    /// Whether the limit is reached: a 7-day limit makes a deal stale on its 7th day without activity.
    public var isStale: Bool { daysSince >= limit }
}
