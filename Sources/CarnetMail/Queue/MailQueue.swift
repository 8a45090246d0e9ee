import CarnetCore
import CarnetStore
import Foundation

/// Outgoing e-mail through the job queue: queued in the caller's transaction, sent by the
/// `mail.send` job with no transaction open, so a slow or unreachable mail server never
/// slows a request and a message queued with a change is sent only if the change commits.
///
/// A transient failure (server down, 4xx, timeout) is retried with the queue's backoff; a
/// permanent one (5xx, bad address) is dead-lettered at once and shows in
/// `/api/v1/admin/jobs?status=dead`. The `Message-ID` is `<job id@domain>` on every attempt,
/// so a message sent twice (the process died between sending and recording) carries the same
/// id both times and mail clients show it once.
public struct MailQueue: Sendable {
    /// The kind of the jobs that send mail.
    public static let kind = "mail.send"

    public let jobs: JobQueue
    public let settings: MailSettings

    public init(jobs: JobQueue, settings: MailSettings) {
        self.jobs = jobs
        self.settings = settings
    }

    /// Queues `message` in the caller's transaction; with a `dedupeKey` already used
    /// (`digest:usr_1:2026-03-02`), queues nothing and returns the job that has it.
    @discardableResult
    public func enqueue(_ message: MailMessage, dedupeKey: String? = nil, _ conn: any SQLConnection) throws -> Job {
        try jobs.enqueue(kind: Self.kind, payload: message.payload, dedupeKey: dedupeKey, conn)
    }

    /// The handler that sends queued messages through `transport`.
    public func handler(transport: any MailTransport) -> JobHandler {
        let domain = settings.messageIDDomain
        return JobHandler(kind: Self.kind, effect: { job in
            let message = try MailMessage(payload: job.payload)
            try await transport.send(message, messageID: "\(job.id)@\(domain)")
        })
    }
}

extension MailError: PermanentJobFailure {
    public var isPermanent: Bool { !isTransient }
}
