import Foundation

/// How long a failed job waits before its next attempt: `base` doubled after each failed
/// attempt, capped at `maximum`, then lengthened by up to `jitter` of itself so that jobs
/// that failed together do not all come back at the same instant.
///
/// The jitter is drawn from `random`, a number in `0..<1`, injected so tests are exact.
public struct JobBackoff: Sendable {
    public var base: TimeInterval
    public var maximum: TimeInterval
    /// The largest extra fraction of the delay: 0.2 gives delays in `[d, 1.2 d)`.
    public var jitter: Double
    public var random: @Sendable () -> Double

    public init(base: TimeInterval = 10, maximum: TimeInterval = 6 * 3600, jitter: Double = 0.2,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.base = base
        self.maximum = maximum
        self.jitter = jitter
        self.random = random
    }

    /// The wait after the `attempt`-th run failed (the first failure is attempt 1): `base`, `2 base`, `4 base`, ...
    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        let doublings = Double(min(max(attempt - 1, 0), 60))
        let plain = min(maximum, base * pow(2, doublings))
        return plain * (1 + jitter * min(max(random(), 0), 1))
    }
}
