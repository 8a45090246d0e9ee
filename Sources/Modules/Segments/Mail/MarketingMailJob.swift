import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// The job that sends one marketing e-mail (a campaign's, a sequence's) queued for a
/// recipient row of `table` (a ``TrackedMailKind``'s), with `recipient_id` and `message` in
/// its payload.
///
/// It checks consent a last time on the contact as it is now, sends through the transport
/// with no transaction open (its `Message-ID` the job's id on every attempt, like the mail
/// queue's), then records `sent`, `failed` (once no attempt is left) or the refusal on the
/// row. A row no longer `queued` (sent already, or gone) sends nothing.
public struct MarketingMailJob: Sendable {
    public let kind: String
    public let table: String
    public let context: ServiceContext
    public let mail: MailSettings

    public init(kind: String, table: String, context: ServiceContext, mail: MailSettings) {
        self.kind = kind
        self.table = table
        self.context = context
        self.mail = mail
    }

    public func handler(database: any Database, transport: any MailTransport) -> JobHandler {
        let (domain, table) = (mail.messageIDDomain, table)
        let now: @Sendable () -> Date = { [context] in context.clock.now }
        return JobHandler(kind: kind, effect: { job in
            guard case .object(let fields) = job.payload, case .string(let recipientID)? = fields["recipient_id"], let payload = fields["message"] else {
                throw MailError.invalidSettings("the marketing mail job's payload has no recipient_id or message")
            }
            let decision: SendDecision = try await database.read { conn in
                guard let row = try conn.queryOne("""
                    SELECT r.status, c.id AS contact_id, c.email, c.email_opt_in, c.do_not_email, c.archived_at,
                        CASE WHEN \(CampaignSender.unsubscribed) THEN 1 ELSE 0 END AS unsubscribed
                    FROM \(table) r LEFT JOIN contacts c ON c.id = r.contact_id WHERE r.id = ?
                    """, [.text(recipientID)]), row.string("status") == RecipientStatus.queued.rawValue else { return .nothing }
                // A contact erased since it was queued has no row left: no consent.
                guard row.string("contact_id") != nil else { return .skip(.skippedNoConsent) }
                let refusal = CampaignSender.refusal(email: row.string("email"), optIn: row.bool("email_opt_in"), doNotEmail: row.bool("do_not_email"),
                                                     unsubscribed: row.bool("unsubscribed"), archived: row.date("archived_at") != nil)
                return refusal.map(SendDecision.skip) ?? .send
            }
            switch decision {
            case .send:
                try await transport.send(try MailMessage(payload: payload), messageID: "\(job.id)@\(domain)")
            case .skip(let status):
                _ = try await database.write { conn in
                    try conn.execute("UPDATE \(table) SET status = ?, updated_at = ? WHERE id = ? AND status = 'queued'",
                                     [.text(status.rawValue), .date(now()), .text(recipientID)])
                }
            case .nothing:
                return
            }
        }, record: { job, error, conn in
            guard case .object(let fields) = job.payload, case .string(let recipientID)? = fields["recipient_id"] else { return }
            if let error {
                let permanent = (error as? any PermanentJobFailure)?.isPermanent ?? false
                guard permanent || job.attempts >= job.maxAttempts else { return }
                try conn.execute("UPDATE \(table) SET status = 'failed', error = ?, updated_at = ? WHERE id = ? AND status = 'queued'",
                                 [.text(String("\(error)".prefix(1000))), .date(now()), .text(recipientID)])
            } else {
                try conn.execute("UPDATE \(table) SET status = 'sent', updated_at = ? WHERE id = ? AND status = 'queued'",
                                 [.date(now()), .text(recipientID)])
            }
        })
    }

    /// What the job does with a recipient, decided just before sending.
    enum SendDecision: Sendable {
        case send
        case skip(RecipientStatus)
        /// The recipient is no longer queued (already sent, or gone): nothing to do.
        case nothing
    }
}
