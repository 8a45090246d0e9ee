import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// Sends a scheduled campaign: the `segments.campaign` job takes the recipients and queues
/// their e-mails batch by batch; the `segments.mail` job sends one e-mail.
///
/// The first run at the send time copies the segment's members into `campaign_recipients`
/// (one row each, its status already `skipped_*` for a contact without consent, unsubscribed
/// or without an address). Each run then claims up to `campaign_rate_per_minute` pending
/// rows, checks consent again on the contacts as they are now, and queues the e-mails of
/// the others in the same transaction that marks them `queued`, spread over the minute; then
/// it queues itself a minute later while rows are pending. The job runs in its transaction
/// (``JobHandler``): a crash before the commit leaves no row claimed and no e-mail queued,
/// so a restart never queues a recipient twice. The mail job checks consent a last time
/// before it talks to the mail server, and records `sent` or `failed`.
public struct CampaignSender: Sendable {
    public let context: ServiceContext
    public let jobs: JobQueue
    public let settings: SegmentsSettings
    public let mail: MailSettings
    var log: ChangeLog { ChangeLog(clock: context.clock) }
    var campaigns: CampaignService { CampaignService(context: context, jobs: jobs, settings: settings, mail: mail) }

    public init(context: ServiceContext, jobs: JobQueue, settings: SegmentsSettings, mail: MailSettings) {
        self.context = context
        self.jobs = jobs
        self.settings = settings
        self.mail = mail
    }

    /// Why a contact may not get marketing mail now, or nil when it may; the same rule as
    /// ``eligibility`` in SQL.
    public static func refusal(email: String?, optIn: Bool, doNotEmail: Bool, unsubscribed: Bool, archived: Bool) -> RecipientStatus? {
        if archived || !optIn || doNotEmail { return .skippedNoConsent }
        if unsubscribed { return .skippedUnsubscribed }
        if (email ?? "").isEmpty { return .skippedNoEmail }
        return nil
    }

    /// The status a contact `c` starts with: `pending` only with an address, opt-in, no
    /// do-not-email and no unsubscribe (by contact or by address).
    public static let eligibility = """
        CASE WHEN c.email_opt_in = 0 OR c.do_not_email = 1 THEN 'skipped_no_consent'
             WHEN \(unsubscribed) THEN 'skipped_unsubscribed'
             WHEN c.email IS NULL OR c.email = '' THEN 'skipped_no_email'
             ELSE 'pending' END
        """

    /// Whether contact `c` or its address unsubscribed.
    public static let unsubscribed = """
        EXISTS (SELECT 1 FROM campaign_unsubscribes u WHERE u.contact_id = c.id OR (c.email IS NOT NULL AND u.email = LOWER(c.email)))
        """

    /// One run of the campaign job: the snapshot on the first, then one batch.
    public func run(campaignID: String, _ conn: any SQLConnection) throws {
        var campaign = try campaigns.get(campaignID, conn)
        let now = context.clock.now
        if campaign.status == .scheduled {
            // A job left from an earlier schedule: the campaign was moved to a later time.
            guard let sendAt = campaign.sendAt, sendAt <= now else { return }
            try snapshot(&campaign, conn)
        }
        guard campaign.status == .sending else { return }
        let queued = try queueBatch(campaign, conn)
        let pending = try conn.queryOne("SELECT id FROM campaign_recipients WHERE campaign_id = ? AND status = 'pending' LIMIT 1", [.text(campaign.id)]) != nil
        if pending {
            try jobs.enqueue(kind: SegmentsModule.campaignJob, payload: .object(["campaign_id": .string(campaign.id)]), runAt: now.addingTimeInterval(60), conn)
        } else {
            let previous = campaign
            campaign.status = .sent
            try campaigns.store(&campaign, replacing: previous, conn)
            try log.event("campaign.sent", entity: "campaign", id: campaign.id, actor: .system, payload: .object(["queued_last": .number(Double(queued))]), conn)
        }
    }

    /// Copies the segment's members into the recipients, each with its starting status.
    private func snapshot(_ campaign: inout Campaign, _ conn: any SQLConnection) throws {
        let segments = SegmentService(context: context)
        let filter = try segments.filter(of: try segments.get(campaign.segmentID, conn), language: campaign.language, conn)
        let now = context.clock.now
        let (condition, binds) = FilterSQL(dialect: conn.dialect.dialect, now: now).condition(filter)
        let taken = try conn.execute("""
            INSERT INTO campaign_recipients (id, campaign_id, contact_id, email, status, created_at, updated_at)
            SELECT 'rcp_' || ? || '_' || c.id, ?, c.id, c.email, \(Self.eligibility), ?, ?
            FROM contacts c WHERE c.archived_at IS NULL AND (\(condition))
            ON CONFLICT (campaign_id, contact_id) DO NOTHING
            """, [.text(campaign.id), .text(campaign.id), .date(now), .date(now)] + binds)
        let previous = campaign
        campaign.status = .sending
        campaign.snapshotAt = now
        try campaigns.store(&campaign, replacing: previous, conn)
        try log.event("campaign.sending", entity: "campaign", id: campaign.id, actor: .system,
                      payload: .object(["recipients": .number(Double(taken)), "segment_id": .string(campaign.segmentID)]), conn)
    }

    /// Claims up to the rate's worth of pending recipients and queues their e-mails; returns how many were queued.
    private func queueBatch(_ campaign: Campaign, _ conn: any SQLConnection) throws -> Int {
        let rate = max(1, settings.campaignRatePerMinute)
        let rows = try conn.query("""
            SELECT r.id AS recipient_id, \(CampaignMail.Recipient.columns), c.email_opt_in, c.do_not_email, c.archived_at,
                CASE WHEN \(Self.unsubscribed) THEN 1 ELSE 0 END AS unsubscribed
            FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id LEFT JOIN companies co ON co.id = c.company_id
            WHERE r.campaign_id = ? AND r.status = 'pending' ORDER BY r.id LIMIT ?
            """, [.text(campaign.id), .int(rate)])
        guard !rows.isEmpty else { return 0 }
        let template = try CampaignTemplate(subject: campaign.subject, body: campaign.body, language: campaign.language)
        let tokens = try SegmentsSecrets.tokens(conn)
        let builder = CampaignMail(settings: settings, from: mail.from)
        let now = context.clock.now
        let spacing = 60.0 / Double(rate)
        var queued = 0
        for row in rows {
            let recipientID = row.string("recipient_id") ?? ""
            let recipient = CampaignMail.Recipient(row: row)
            if let refusal = Self.refusal(email: recipient.email, optIn: row.bool("email_opt_in"), doNotEmail: row.bool("do_not_email"),
                                          unsubscribed: row.bool("unsubscribed"), archived: row.date("archived_at") != nil) {
                try mark(recipientID, refusal, error: nil, conn)
                continue
            }
            let message: MailMessage
            do {
                message = try builder.message(template, language: campaign.language, recipient: recipient, token: tokens.make(recipientID))
            } catch {
                try mark(recipientID, .failed, error: "\(error)", conn)
                continue
            }
            let job = try jobs.enqueue(kind: SegmentsModule.mailJob,
                                       payload: .object(["recipient_id": .string(recipientID), "campaign_id": .string(campaign.id), "message": message.payload]),
                                       runAt: now.addingTimeInterval(spacing * Double(queued)), dedupeKey: "campaign-mail:\(recipientID)", conn)
            try conn.execute("UPDATE campaign_recipients SET status = 'queued', job_id = ?, email = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
                             [.text(job.id), .string(recipient.email), .date(now), .text(recipientID)])
            queued += 1
        }
        return queued
    }

    private func mark(_ recipientID: String, _ status: RecipientStatus, error: String?, _ conn: any SQLConnection) throws {
        try conn.execute("UPDATE campaign_recipients SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                         [.text(status.rawValue), .string(error), .date(context.clock.now), .text(recipientID)])
    }
}
