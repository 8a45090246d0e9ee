/// Runs the jobs of one kind, inside the write transaction that also marks the job done.
///
/// The handler's writes and the job's completion commit together: if the handler throws, or
/// the process dies before the commit, none of its writes stay and the job runs again later.
/// Database effects are therefore applied exactly once. Effects outside the database (an
/// e-mail, a webhook call) are at least once: the run that sent the mail may still roll back
/// and be repeated, so such handlers must be idempotent (send with the job id as the
/// message's idempotency key, or record what was sent and check first). Keep them short: the
/// transaction, and on SQLite the only writer, is held while the handler runs.
public struct JobHandler: Sendable {
    public let kind: String
    public let run: @Sendable (Job, any SQLConnection) throws -> Void

    public init(kind: String, run: @escaping @Sendable (Job, any SQLConnection) throws -> Void) {
        self.kind = kind
        self.run = run
    }
}
