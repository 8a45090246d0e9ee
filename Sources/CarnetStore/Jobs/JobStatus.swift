/// Where a job is in its life: waiting, leased to a worker, finished, or given up on.
public enum JobStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for its `run_at`, or for a worker that handles its kind.
    case queued
    /// Claimed by a worker whose lease has not been released; claimable again once the lease ends.
    case running
    /// Its handler's writes and this status were committed together.
    case done
    /// Failed on every attempt (or its worker kept dying): kept for the admin page and `retry`.
    case dead
}
