import CarnetCore
import Foundation
import Synchronization

/// Per-client token buckets in memory for the public form endpoint: `perMinute` submissions
/// in a burst, then `perMinute` a minute.
///
/// Each instance counts on its own (a flood spread over several instances gets through a few
/// times faster); full buckets are forgotten once there are many, so memory stays bounded by
/// the clients seen within about a minute.
public final class CaptureRateLimiter: Sendable {
    private let perMinute: Int
    private let clock: any CarnetClock
    private let buckets = Mutex<[String: TokenBucket]>([:])
    /// Buckets kept before full ones are swept.
    static let sweepAbove = 10_000

    public init(perMinute: Int, clock: any CarnetClock) {
        self.perMinute = perMinute
        self.clock = clock
    }

    /// Takes a token for `client`: nil when it may go on, else the seconds to wait.
    public func take(_ client: String) -> Int? {
        let now = clock.now
        return buckets.withLock { buckets in
            if buckets.count > Self.sweepAbove { buckets = buckets.filter { !$0.value.isFull(at: now) } }
            var bucket = buckets[client] ?? TokenBucket(capacity: perMinute, perMinute: perMinute, at: now)
            let wait = bucket.take(at: now)
            buckets[client] = bucket
            return wait
        }
    }
}
