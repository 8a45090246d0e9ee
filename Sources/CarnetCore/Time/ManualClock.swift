import Foundation
import Synchronization

/// A clock that only moves when told to: tests set it and advance it.
public final class ManualClock: CarnetClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) {
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward (or backward with a negative interval).
    public func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }

    /// Sets the clock to an instant.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
