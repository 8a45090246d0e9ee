import Foundation

/// A deal as the Today agenda needs it: the deal and the time of its last logged activity.
public struct AgendaDeal: Sendable, Equatable {
    public var deal: Deal
    /// Nil when nothing was ever logged on the deal.
    public var lastActivityAt: Date?

    public init(deal: Deal, lastActivityAt: Date?) {
        self.deal = deal
        self.lastActivityAt = lastActivityAt
    }
}
