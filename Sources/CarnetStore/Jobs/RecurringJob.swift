import CarnetCore
import Foundation

/// A job that runs on a fixed period (an inactivity scan every hour, the digest planner every
/// quarter of an hour), queued by `JobScheduler`.
///
/// Each period is a slot starting at a multiple of `every` since 1970 (UTC); its job carries the
/// dedupe key `<kind>@<slot start>`, so however many instances run the scheduler, and however
/// often they restart, a slot gets one job. A slot missed while no instance ran is not made
/// up: the next one runs.
public struct RecurringJob: Sendable, Equatable {
    public var kind: String
    /// The period, in seconds (at least one minute).
    public var every: TimeInterval
    /// The module that owns it: no slot is queued while that module is disabled.
    public var module: String?

    public init(kind: String, every: TimeInterval, module: String? = nil) {
        precondition(every >= 60, "a recurring job runs at most once a minute")
        self.kind = kind
        self.every = every
        self.module = module
    }

    /// The start of the slot `now` falls in.
    public func slot(containing now: Date) -> Date {
        Date(timeIntervalSince1970: (now.timeIntervalSince1970 / every).rounded(.down) * every)
    }

    /// The job request for the slot `now` falls in.
    public func request(at now: Date) -> JobRequest {
        let slot = slot(containing: now)
        return JobRequest(kind: kind, payload: .object(["slot": .number(slot.timeIntervalSince1970)]), runAt: slot,
                          dedupeKey: "\(kind)@\(Int(slot.timeIntervalSince1970))")
    }
}
