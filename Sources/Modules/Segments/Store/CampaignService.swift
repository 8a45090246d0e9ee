import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// Campaigns: create, read and change them while they are drafts or scheduled, preview one
/// for a contact, send a test, schedule the send, and report on it.
public struct CampaignService: Sendable {
    public let context: ServiceContext
    public let jobs: JobQueue
    public let settings: SegmentsSettings
    public let mail: MailSettings
    var log: ChangeLog { ChangeLog(clock: context.clock) }
    var segments: SegmentService { SegmentService(context: context) }
    var builder: CampaignMail { CampaignMail(settings: settings, from: mail.from) }

    static let idPrefix = "cmp"

    public init(context: ServiceContext, jobs: JobQueue, settings: SegmentsSettings, mail: MailSettings) {
        self.context = context
        self.jobs = jobs
        self.settings = settings
        self.mail = mail
    }

    public func create(_ patch: CampaignPatch, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> Campaign {
        try actor.require(.write)
        let now = context.clock.now
        var campaign = Campaign(id: EntityID.make(Self.idPrefix, at: now), name: "", segmentID: "", subject: "", body: "", language: .en,
                                status: .draft, sendAt: nil, snapshotAt: nil, version: 1, createdAt: now, updatedAt: now)
        apply(patch, to: &campaign)
        try validate(campaign, language: language, conn)
        try conn.execute("""
            INSERT INTO campaigns (id, name, segment_id, subject, body, language, status, send_at, snapshot_at, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, 1, ?, ?)
            """, [.text(campaign.id), .text(campaign.name), .text(campaign.segmentID), .text(campaign.subject), .text(campaign.body),
                  .text(campaign.language.rawValue), .text(campaign.status.rawValue), .date(now), .date(now)])
        try log.created(EventType.created("campaign"), entity: "campaign", id: campaign.id, row: campaign, actor: actor, conn)
        return campaign
    }

    /// A campaign by id; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> Campaign {
        guard let row = try conn.queryOne("SELECT * FROM campaigns WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "campaign", id: id)
        }
        return Self.campaign(row)
    }

    /// Campaigns, newest first (keyset paging on the id, which grows with time).
    public func list(limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<Campaign> {
        var sql = "SELECT * FROM campaigns"
        var binds: [SQLValue] = []
        if let cursor {
            sql += " WHERE id < ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: Self.campaign, cursor: { [$0.id] })
    }

    /// Changes a draft or scheduled campaign (a scheduled one keeps its send time).
    public func update(_ id: String, _ patch: CampaignPatch, expectedVersion: Int?, actor: Actor, language: Language = .en,
                       _ conn: any SQLConnection) throws -> Campaign {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "campaign", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        try requireEditable(current, language: language)
        var campaign = current
        apply(patch, to: &campaign)
        let changes = FieldChange.between(current, campaign)
        guard !changes.isEmpty else { return current }
        try validate(campaign, language: language, conn)
        try store(&campaign, replacing: current, conn)
        try log.audit(changes, entity: "campaign", id: id, actor: actor, conn)
        try log.event(EventType.updated("campaign"), entity: "campaign", id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        return campaign
    }

    /// Schedules the send at `sendAt` (now when nil): the send job takes the segment's members
    /// then. Scheduling again moves the time; the job queued for the old time does nothing.
    public func schedule(_ id: String, sendAt: Date?, expectedVersion: Int?, actor: Actor, language: Language = .en,
                         _ conn: any SQLConnection) throws -> Campaign {
        try actor.require(.manage)
        let current = try get(id, conn)
        try requireVersion(entity: "campaign", id: id, actual: current.version, expected: expectedVersion)
        try requireEditable(current, language: language)
        let segment = try segments.get(current.segmentID, conn)
        _ = try segments.filter(of: segment, language: language, conn)
        var campaign = current
        campaign.status = .scheduled
        campaign.sendAt = max(sendAt ?? context.clock.now, context.clock.now)
        try store(&campaign, replacing: current, conn)
        let changes = FieldChange.between(current, campaign)
        try log.audit(changes, entity: "campaign", id: id, actor: actor, conn)
        try log.event("campaign.scheduled", entity: "campaign", id: id, actor: actor,
                      payload: .object(["send_at": .string(Timestamp.format(campaign.sendAt ?? context.clock.now)), "segment_id": .string(segment.id)]), conn)
        try jobs.enqueue(kind: SegmentsModule.campaignJob, payload: .object(["campaign_id": .string(id)]), runAt: campaign.sendAt, conn)
        return campaign
    }

    /// The campaign's e-mail for one contact, as it would be sent (its links not yet signed);
    /// without a contact, for the segment's first member.
    public func preview(_ id: String, contactID: String?, language: Language = .en, _ conn: any SQLConnection) throws -> CampaignPreview {
        let campaign = try get(id, conn)
        let recipient = try recipient(campaign, contactID: contactID, language: language, conn)
        let template = try CampaignTemplate(subject: campaign.subject, body: campaign.body, language: language)
        let message = try builder.message(template, language: campaign.language, recipient: recipient, token: nil)
        return CampaignPreview(contactID: recipient.contactID, to: recipient.email, subject: message.subject, text: message.text, html: message.html ?? "")
    }

    /// Queues the campaign's e-mail to `address` through the mail queue, filled with a
    /// contact's values (`contactID`, or the segment's first member).
    public func sendTest(_ id: String, to address: String, contactID: String?, actor: Actor, language: Language = .en,
                         _ conn: any SQLConnection) throws -> CampaignTest {
        try actor.require(.write)
        let campaign = try get(id, conn)
        let to: MailAddress
        do { to = try MailAddress(address) } catch {
            throw CarnetError.validation([FieldError("to", L10n.text("campaign.bad_address", language, ["value": address]))])
        }
        var recipient = try recipient(campaign, contactID: contactID, language: language, conn)
        recipient.email = to.address
        let template = try CampaignTemplate(subject: campaign.subject, body: campaign.body, language: language)
        var message = try builder.message(template, language: campaign.language, recipient: recipient, token: nil)
        message.to = [to]
        let job = try MailQueue(jobs: jobs, settings: mail).enqueue(message, conn)
        try log.event("campaign.test_sent", entity: "campaign", id: id, actor: actor, payload: .object(["to": .string(to.address)]), conn)
        return CampaignTest(campaignID: id, to: to.address, jobID: job.id)
    }

    /// Recipients per status, opens, clicks and unsubscribes: one grouped query.
    public func report(_ id: String, _ conn: any SQLConnection) throws -> CampaignReport {
        let campaign = try get(id, conn)
        let rows = try conn.query("""
            SELECT status, COUNT(*) AS n, SUM(CASE WHEN opens > 0 THEN 1 ELSE 0 END) AS opened, SUM(opens) AS opens,
                SUM(CASE WHEN clicks > 0 THEN 1 ELSE 0 END) AS clicked, SUM(clicks) AS clicks,
                SUM(CASE WHEN unsubscribed_at IS NOT NULL THEN 1 ELSE 0 END) AS unsubscribed
            FROM campaign_recipients WHERE campaign_id = ? GROUP BY status
            """, [.text(id)])
        var report = CampaignReport(campaignID: id, status: campaign.status, recipients: 0,
                                    byStatus: Dictionary(uniqueKeysWithValues: RecipientStatus.allCases.map { ($0.rawValue, 0) }),
                                    opened: 0, opens: 0, clicked: 0, clicks: 0, unsubscribed: 0)
        for row in rows {
            let count = row.int("n") ?? 0
            report.byStatus[row.string("status") ?? "", default: 0] += count
            report.recipients += count
            report.opened += row.int("opened") ?? 0
            report.opens += row.int("opens") ?? 0
            report.clicked += row.int("clicked") ?? 0
            report.clicks += row.int("clicks") ?? 0
            report.unsubscribed += row.int("unsubscribed") ?? 0
        }
        return report
    }

    // MARK: Helpers

    /// The contact a preview or test is filled with.
    private func recipient(_ campaign: Campaign, contactID: String?, language: Language, _ conn: any SQLConnection) throws -> CampaignMail.Recipient {
        let id: String
        if let contactID {
            id = contactID
        } else {
            let segment = try segments.get(campaign.segmentID, conn)
            let filter = try segments.filter(of: segment, language: language, conn)
            guard let first = try segments.members(filter, limit: 1, cursor: nil, conn).items.first else {
                throw CarnetError.validation([FieldError("contact_id", L10n.text("campaign.no_member", language))])
            }
            id = first.id
        }
        guard let row = try conn.queryOne("""
            SELECT \(CampaignMail.Recipient.columns) FROM contacts c LEFT JOIN companies co ON co.id = c.company_id WHERE c.id = ?
            """, [.text(id)]) else {
            throw CarnetError.validation([FieldError("contact_id", L10n.text("campaign.no_contact", language, ["id": id]))])
        }
        return CampaignMail.Recipient(row: row)
    }

    private func requireEditable(_ campaign: Campaign, language: Language) throws {
        guard campaign.status == .draft || campaign.status == .scheduled else {
            throw CarnetError.invalidState(L10n.text("campaign.not_editable", language, ["status": campaign.status.rawValue]))
        }
    }

    private func apply(_ patch: CampaignPatch, to campaign: inout Campaign) {
        if let name = patch.name { campaign.name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        if let segment = patch.segmentID { campaign.segmentID = segment ?? "" }
        if let subject = patch.subject { campaign.subject = subject ?? "" }
        if let body = patch.body { campaign.body = body ?? "" }
        if let language = patch.language { campaign.language = language ?? .en }
    }

    private func validate(_ campaign: Campaign, language: Language, _ conn: any SQLConnection) throws {
        var check = Validator()
        let required = L10n.text("validation.required", language)
        for (field, value, max) in [("name", campaign.name, Campaign.nameLimit), ("subject", campaign.subject, Campaign.subjectLimit),
                                    ("body", campaign.body, Campaign.bodyLimit)] {
            if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                check.fail(field, required)
            } else if value.count > max {
                check.fail(field, L10n.text("validation.too_long", language, ["max": String(max), "count": String(value.count)]))
            }
        }
        if campaign.segmentID.isEmpty {
            check.fail("segment_id", required)
        } else if try conn.queryOne("SELECT id FROM segments WHERE id = ?", [.text(campaign.segmentID)]) == nil {
            check.fail("segment_id", L10n.text("campaign.no_segment", language, ["id": campaign.segmentID]))
        }
        if !campaign.subject.isEmpty && !campaign.body.isEmpty {
            do {
                _ = try CampaignTemplate(subject: campaign.subject, body: campaign.body, language: language)
            } catch {
                if case .validation(let errors) = error { for error in errors { check.fail(error.field, error.message) } }
            }
        }
        try check.check()
    }

    /// Writes a changed campaign over `previous`, bumping its version; 409 if someone else wrote it meanwhile.
    func store(_ campaign: inout Campaign, replacing previous: Campaign, _ conn: any SQLConnection) throws {
        campaign.version = previous.version + 1
        campaign.updatedAt = context.clock.now
        let changed = try conn.execute("""
            UPDATE campaigns SET name = ?, segment_id = ?, subject = ?, body = ?, language = ?, status = ?, send_at = ?, snapshot_at = ?,
                version = ?, updated_at = ? WHERE id = ? AND version = ?
            """, [.text(campaign.name), .text(campaign.segmentID), .text(campaign.subject), .text(campaign.body), .text(campaign.language.rawValue),
                  .text(campaign.status.rawValue), .date(campaign.sendAt), .date(campaign.snapshotAt), .int(campaign.version),
                  .date(campaign.updatedAt), .text(campaign.id), .int(previous.version)])
        guard changed == 1 else {
            throw CarnetError.versionConflict(entity: "campaign", id: campaign.id, expected: previous.version, actual: try get(campaign.id, conn).version)
        }
    }

    static func campaign(_ row: SQLRow) -> Campaign {
        let created = row.date("created_at") ?? Date(timeIntervalSince1970: 0)
        return Campaign(id: row.string("id") ?? "", name: row.string("name") ?? "", segmentID: row.string("segment_id") ?? "",
                        subject: row.string("subject") ?? "", body: row.string("body") ?? "",
                        language: row.string("language").flatMap(Language.init(rawValue:)) ?? .en,
                        status: row.string("status").flatMap(CampaignStatus.init(rawValue:)) ?? .draft, sendAt: row.date("send_at"),
                        snapshotAt: row.date("snapshot_at"), version: row.int("version") ?? 1, createdAt: created,
                        updatedAt: row.date("updated_at") ?? created)
    }
}
