/// Runs the jobs of one kind: inside the write transaction that marks the job done, or, for
/// a job that talks to the outside world, first outside any transaction and then recorded.
///
/// A transactional handler (`init(kind:run:)`): its writes and the job's completion commit
/// together: if the handler throws, or the process dies before the commit, none of its writes
/// stay and the job runs again later. Database effects are therefore applied exactly once.
/// Keep such handlers short: the transaction, and on SQLite the only writer, is held while
/// they run.
///
/// An effect handler (`init(kind:effect:record:)`) sends an e-mail or calls a webhook with no
/// transaction open, so a slow server holds no lock and blocks no other job's commit. Then
/// the job is completed (or failed) in a transaction, together with what `record` writes
/// about the attempt. The effect is at least once: a process that dies between the effect and
/// that commit leaves the job claimed, and it runs again once its lease runs out, so the
/// receiver should recognise a repeat (the job id, a message id or an event id says which).
/// The effect must finish well within the lease (`[jobs] lease_seconds`): give it timeouts.
public struct JobHandler: Sendable {
    public let kind: String
    /// The module whose handler it is: while that module is disabled its jobs wait in the
    /// queue, unclaimed (see `JobWorker`). Nil for the core's own handlers.
    public var module: String?
    let work: Work

    /// How a handler runs.
    enum Work: Sendable {
        case transaction(@Sendable (Job, any SQLConnection) throws -> Void)
        case effect(@Sendable (Job) async throws -> Void, record: @Sendable (Job, (any Error)?, any SQLConnection) throws -> Void)
    }

    /// A handler whose work is done inside the transaction that completes the job.
    public init(kind: String, run: @escaping @Sendable (Job, any SQLConnection) throws -> Void) {
        self.kind = kind
        work = .transaction(run)
    }

    /// A handler whose `effect` runs outside any transaction; `record` then gets the effect's
    /// error (nil when it succeeded) in the transaction that completes or fails the job.
    public init(kind: String, effect: @escaping @Sendable (Job) async throws -> Void,
                record: @escaping @Sendable (Job, (any Error)?, any SQLConnection) throws -> Void = { _, _, _ in }) {
        self.kind = kind
        work = .effect(effect, record: record)
    }

    /// Whether the job runs outside a transaction first.
    var isEffect: Bool {
        if case .effect = work { return true }
        return false
    }
}

/// An error an effect handler throws when retrying cannot help (a 5xx from a mail server, a
/// message that cannot be rendered): the job is dead-lettered at once instead of retried.
public protocol PermanentJobFailure: Error {
    /// Whether this failure is permanent; a type may mix both kinds.
    var isPermanent: Bool { get }
}
