/// How a server's job worker and outbox dispatcher run (`[jobs]` in `config/carnet.toml`).
public struct JobSettings: Sendable, Equatable {
    /// How long an idle worker or dispatcher waits before looking again (a wake-up cuts it short).
    public var pollInterval: Duration = .milliseconds(500)
    /// Jobs claimed, or events dispatched, per transaction.
    public var batchSize = 100
    /// How long a claim holds; it must outlast a whole batch's run, or another worker re-runs the rest.
    public var leaseSeconds = 300
    /// Runs a job gets before it is dead-lettered, unless it was enqueued with its own.
    public var maxAttempts = 5
    /// Days a done job is kept (for `/api/v1/admin/jobs`) before the `jobs.prune` job deletes it.
    public var keepDoneDays = 7

    public init() {}
}
