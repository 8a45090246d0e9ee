import CarnetCore
import CarnetFollowUps
import CarnetMail
import CarnetSegments
import CarnetStore
import Foundation

/// Runs an enrollment's steps: the `nurturing.step` job of one step runs it and every step
/// after it up to the next wait, then queues the job of the step after the wait, or ends the
/// enrollment after its last step.
///
/// Each job runs in its transaction (``JobHandler``) and first claims the enrollment at its
/// step (`UPDATE … WHERE step_index = ?`): a crash before the commit leaves nothing done and
/// the job to run again, and a second job for the same step (after a pause and a resume), or
/// a second instance, finds the step taken and does nothing. So a step is never run twice nor
/// skipped. E-mails are queued as `nurturing.mail` jobs in the same transaction and sent by
/// ``MarketingMailJob``.
public struct StepRunner: Sendable {
    public let context: ServiceContext
    public let jobs: JobQueue
    /// Which modules are on: a task step needs `followups`.
    public let modules: ModuleStateService
    public let settings: NurturingSettings
    public let segments: SegmentsSettings
    public let followUps: FollowUpsSettings
    public let mail: MailSettings
    var enrollments: EnrollmentService { EnrollmentService(context: context, jobs: jobs) }
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext, jobs: JobQueue, modules: ModuleStateService, settings: NurturingSettings, segments: SegmentsSettings,
                followUps: FollowUpsSettings, mail: MailSettings) {
        self.context = context
        self.jobs = jobs
        self.modules = modules
        self.settings = settings
        self.segments = segments
        self.followUps = followUps
        self.mail = mail
    }

    /// Queues the job of step `step` (from 0) of an enrollment at `at`: one job per step, as
    /// branches only go forward.
    static func queue(enrollmentID: String, step: Int, at: Date, jobs: JobQueue, _ conn: any SQLConnection) throws {
        try jobs.enqueue(kind: NurturingModule.stepJob, payload: .object(["enrollment_id": .string(enrollmentID), "step": .number(Double(step))]),
                         runAt: at, dedupeKey: "nurture:\(enrollmentID):\(step)", conn)
    }

    /// One run of the step job.
    public func run(enrollmentID: String, step: Int, _ conn: any SQLConnection) throws {
        let now = context.clock.now
        guard try conn.execute("UPDATE nurture_enrollments SET updated_at = ? WHERE id = ? AND status = 'active' AND step_index = ?",
                               [.date(now), .text(enrollmentID), .int(step)]) == 1 else { return }
        let enrollment = try enrollments.get(enrollmentID, conn)
        let sequence = try SequenceService(context: context, jobs: jobs).get(enrollment.sequenceID, conn)
        // Paused: the enrollment waits at this step; resuming the sequence queues it again.
        guard sequence.status == .active else { return }
        guard let contact = try conn.queryOne("""
            SELECT \(CampaignMail.Recipient.columns), c.owner_id, c.email_opt_in, c.do_not_email, c.archived_at,
                CASE WHEN \(CampaignSender.unsubscribed) THEN 1 ELSE 0 END AS unsubscribed
            FROM contacts c LEFT JOIN companies co ON co.id = c.company_id WHERE c.id = ?
            """, [.text(enrollment.contactID)]), contact.date("archived_at") == nil else {
            try enrollments.end(enrollmentID, contactID: enrollment.contactID, sequenceID: sequence.id, reason: .contactRemoved, actor: .system, conn)
            return
        }
        let steps = sequence.definition.steps
        var index = step
        while index < steps.count {
            switch steps[index] {
            case .email(let subject, let body):
                if try email(subject: subject, body: body, step: index, enrollment: enrollment, sequence: sequence, contact: contact, conn) == .skippedUnsubscribed,
                   sequence.definition.exits.contains(.unsubscribed) {
                    try enrollments.end(enrollmentID, contactID: enrollment.contactID, sequenceID: sequence.id, reason: .unsubscribed, actor: .system, conn)
                    return
                }
                index += 1
            case .task(let title, let days):
                try skippingRefusal(index, enrollment, conn) { try task(title: title, dueInDays: days, contact: contact, language: sequence.language, conn) }
                index += 1
            case .tag(let tag):
                try skippingRefusal(index, enrollment, conn) { try addTag(tag, contactID: enrollment.contactID, conn) }
                index += 1
            case .branch(let condition, _, _):
                index = sequence.definition.next(after: index, branchTaken: try holds(condition, enrollmentID: enrollmentID, contactID: enrollment.contactID, conn))
            case .wait(let wait):
                let at = wait.end(after: now, timeZone: settings.timeZone)
                try conn.execute("UPDATE nurture_enrollments SET step_index = ?, next_at = ?, updated_at = ? WHERE id = ?",
                                 [.int(index + 1), .date(at), .date(now), .text(enrollmentID)])
                try Self.queue(enrollmentID: enrollmentID, step: index + 1, at: at, jobs: jobs, conn)
                return
            }
        }
        try conn.execute("""
            UPDATE nurture_enrollments SET status = 'completed', step_index = ?, next_at = NULL, ended_at = ?, updated_at = ? WHERE id = ?
            """, [.int(steps.count), .date(now), .date(now), .text(enrollmentID)])
        try log.event("nurture.completed", entity: "contact", id: enrollment.contactID, actor: .system,
                      payload: .object(["enrollment_id": .string(enrollmentID), "sequence_id": .string(sequence.id), "contact_id": .string(enrollment.contactID)]),
                      conn)
    }

    /// Queues the step's e-mail, or records why it is not sent; returns the message's status.
    private func email(subject: String, body: String, step: Int, enrollment: Enrollment, sequence: NurtureSequence, contact: SQLRow,
                       _ conn: any SQLConnection) throws -> RecipientStatus {
        let now = context.clock.now
        let id = EntityID.make(NurturingModule.messagePrefix, at: now)
        let recipient = CampaignMail.Recipient(row: contact)
        var status = CampaignSender.refusal(email: recipient.email, optIn: contact.bool("email_opt_in"), doNotEmail: contact.bool("do_not_email"),
                                            unsubscribed: contact.bool("unsubscribed"), archived: false) ?? .queued
        var jobID: String?
        var links: [String] = []
        var error: String?
        if status == .queued {
            do {
                let template = try CampaignTemplate(subject: subject, body: body, language: sequence.language)
                links = template.links
                let message = try CampaignMail(settings: segments, from: mail.from)
                    .message(template, language: sequence.language, recipient: recipient, token: try SegmentsSecrets.tokens(conn).make(id))
                jobID = try jobs.enqueue(kind: NurturingModule.mailJob, payload: .object(["recipient_id": .string(id), "message": message.payload]),
                                         dedupeKey: "nurture-mail:\(id)", conn).id
            } catch let failure as MailError {
                (status, error) = (.failed, "\(failure)")
            }
        }
        try conn.execute("""
            INSERT INTO nurture_messages (id, enrollment_id, sequence_id, step_index, contact_id, email, status, job_id, error, links, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(id), .text(enrollment.id), .text(sequence.id), .int(step), .text(enrollment.contactID), .string(recipient.email),
                  .text(status.rawValue), .string(jobID), .string(error), .text(links.joined(separator: "\n")), .date(now), .date(now)])
        return status
    }

    /// Runs a task or tag step in a savepoint; a refusal that would refuse it on every retry
    /// (a contact at its tag limit, a plugin's rule) is logged and the step passed, so the
    /// sequence goes on instead of stopping at it.
    private func skippingRefusal(_ step: Int, _ enrollment: Enrollment, _ conn: any SQLConnection, _ body: () throws -> Void) throws {
        do {
            try conn.savepoint(body)
        } catch let refusal as CarnetError {
            try log.event("nurture.step_skipped", entity: "contact", id: enrollment.contactID, actor: .system,
                          payload: .object(["enrollment_id": .string(enrollment.id), "sequence_id": .string(enrollment.sequenceID),
                                            "contact_id": .string(enrollment.contactID), "step": .number(Double(step + 1)),
                                            "reason": .string(String(refusal.detail.prefix(500)))]), conn)
        }
    }

    /// A task for the contact's owner; none when the contact has no active owner. Refused
    /// while the follow-ups module is off.
    private func task(title: String, dueInDays: Int, contact: SQLRow, language: Language, _ conn: any SQLConnection) throws {
        let followUpsModule = FollowUpsModule().id
        guard try modules.enabled(conn).contains(followUpsModule) else { throw CarnetError.moduleDisabled(module: followUpsModule) }
        guard let owner = contact.string("owner_id"),
              try conn.queryOne("SELECT id FROM users WHERE id = ? AND active = 1", [.text(owner)]) != nil else { return }
        let recipient = CampaignMail.Recipient(row: contact)
        let values = CampaignTemplate.values(firstName: recipient.firstName, lastName: recipient.lastName, email: recipient.email, title: recipient.title,
                                             city: recipient.city, company: recipient.company, unsubscribeURL: "")
        var patch = TaskPatch()
        let rendered = try MergeTemplate(title, field: "title", known: CampaignTemplate.fields, language: language).render(values)
        // Merge values can make it long, or empty (a title of only `{{contact.title}}`).
        guard let text = String(rendered.prefix(Limits.shortText)).trimmedOrNil else { return }
        patch.title = text
        patch.dueAt = context.clock.now.addingTimeInterval(Double(dueInDays) * 86_400)
        patch.contactID = .some(recipient.contactID)
        patch.assigneeID = owner
        _ = try TaskService(context: context, settings: followUps).create(patch, actor: .system, language: language, conn)
    }

    /// Adds a tag through the contact service (audit row and `contact.updated`); nothing when it has it.
    private func addTag(_ tag: String, contactID: String, _ conn: any SQLConnection) throws {
        let contacts = ContactService(context: context)
        let contact = try contacts.get(contactID, conn)
        guard !contact.tags.contains(where: { $0.lowercased() == tag }) else { return }
        var patch = ContactPatch()
        patch.tags = .some(contact.tags + [tag])
        _ = try contacts.update(contactID, patch, expectedVersion: nil, actor: .system, conn)
    }

    /// Whether a branch's condition holds now.
    private func holds(_ condition: BranchCondition, enrollmentID: String, contactID: String, _ conn: any SQLConnection) throws -> Bool {
        switch condition {
        case .opened:
            return try conn.queryOne("SELECT 1 AS hit FROM nurture_messages WHERE enrollment_id = ? AND opened_at IS NOT NULL LIMIT 1", [.text(enrollmentID)]) != nil
        case .clicked:
            return try conn.queryOne("SELECT 1 AS hit FROM nurture_messages WHERE enrollment_id = ? AND clicked_at IS NOT NULL LIMIT 1", [.text(enrollmentID)]) != nil
        case .scoreAtLeast(let minimum):
            // Without the lead scoring module's table, nobody has a score.
            guard try conn.queryOne("SELECT 1 AS applied FROM schema_migrations WHERE module = 'leadscoring' LIMIT 1", []) != nil else { return minimum <= 0 }
            let score = try conn.queryOne("SELECT score FROM lead_scores WHERE contact_id = ?", [.text(contactID)])?.int("score") ?? 0
            return score >= minimum
        }
    }
}
