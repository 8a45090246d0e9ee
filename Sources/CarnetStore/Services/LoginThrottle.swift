import CarnetCore
import Foundation

/// Counts failed sign-ins per key (an e-mail, a client address) in a fixed window, in the
/// database, so the limit holds however many instances serve the pages.
public struct LoginThrottle: Sendable {
    public let clock: any CarnetClock
    /// Failures allowed per key and window; the next attempt is refused until the window ends.
    public let limit: Int
    public let window: TimeInterval

    public init(clock: any CarnetClock, limit: Int, window: TimeInterval = 15 * 60) {
        self.clock = clock
        self.limit = limit
        self.window = window
    }

    /// When the first of `keys` that is over its limit opens again; nil when none is.
    public func blockedUntil(_ keys: [String], _ conn: any SQLConnection) throws -> Date? {
        let now = clock.now
        for key in keys {
            guard let row = try conn.queryOne("SELECT failures, window_start FROM login_failures WHERE key = ?", [.text(key)]),
                  let start = row.date("window_start"), now.timeIntervalSince(start) < window, (row.int("failures") ?? 0) >= limit
            else { continue }
            return start.addingTimeInterval(window)
        }
        return nil
    }

    /// Counts one failure against each key, starting a new window where the last one ended.
    public func recordFailure(_ keys: [String], _ conn: any SQLConnection) throws {
        let now = clock.now
        for key in keys {
            let row = try conn.queryOne("SELECT window_start FROM login_failures WHERE key = ?", [.text(key)])
            if let start = row?.date("window_start"), now.timeIntervalSince(start) < window {
                try conn.execute("UPDATE login_failures SET failures = failures + 1 WHERE key = ?", [.text(key)])
            } else if row != nil {
                try conn.execute("UPDATE login_failures SET failures = 1, window_start = ? WHERE key = ?", [.date(now), .text(key)])
            } else {
                try conn.execute("INSERT INTO login_failures (key, failures, window_start) VALUES (?, 1, ?)", [.text(key), .date(now)])
            }
        }
    }

    /// Forgets the failures of `keys` (a successful sign-in).
    public func reset(_ keys: [String], _ conn: any SQLConnection) throws {
        for key in keys { try conn.execute("DELETE FROM login_failures WHERE key = ?", [.text(key)]) }
    }

    /// Forgets the windows that have ended; returns how many.
    @discardableResult
    public func prune(_ conn: any SQLConnection) throws -> Int {
        try conn.execute("DELETE FROM login_failures WHERE window_start <= ?", [.date(clock.now.addingTimeInterval(-window))])
    }
}
