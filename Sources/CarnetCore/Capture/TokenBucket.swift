import Foundation

/// A token bucket: holds up to `capacity` tokens, refilled evenly at `perMinute` a minute;
/// each request takes one. Lets a burst of `capacity` through, then the refill rate.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: Double
    public let perSecond: Double
    public private(set) var tokens: Double
    public private(set) var updatedAt: Date

    /// What binary fractions may be off by: a token refilled to 0.999999… is a token.
    static let tolerance = 1e-9

    /// A full bucket at `now`.
    public init(capacity: Int, perMinute: Int, at now: Date) {
        self.capacity = Double(max(capacity, 1))
        perSecond = Double(max(perMinute, 1)) / 60
        tokens = self.capacity
        updatedAt = now
    }

    /// Takes a token: nil when one was there, else the seconds until the next one
    /// (rounded up, at least 1), for `Retry-After`.
    public mutating func take(at now: Date) -> Int? {
        refill(at: now)
        if tokens >= 1 - Self.tolerance {
            tokens = max(0, tokens - 1)
            return nil
        }
        return max(1, Int(((1 - tokens) / perSecond - Self.tolerance).rounded(.up)))
    }

    /// Whether the bucket would be full at `now`: then it can be forgotten.
    public func isFull(at now: Date) -> Bool {
        tokens + max(0, now.timeIntervalSince(updatedAt)) * perSecond >= capacity - Self.tolerance
    }

    private mutating func refill(at now: Date) {
        let elapsed = now.timeIntervalSince(updatedAt)
        if elapsed > 0 { tokens = min(capacity, tokens + elapsed * perSecond) }
        updatedAt = max(updatedAt, now)
    }
}
