import CarnetCore
import CarnetMail
import CarnetStore

/// The `followups` module: tasks with quick entry, next-action discipline on deals,
/// the Today agenda, and reminders from a scan every quarter of an hour.
public struct FollowUpsModule: BackgroundModule {
    public let settings: FollowUpsSettings
    /// How the daily digest is sent.
    public let mail: MailSettings

    public init(settings: FollowUpsSettings = FollowUpsSettings(), mail: MailSettings = MailSettings()) {
        self.settings = settings
        self.mail = mail
    }

    public var id: String { "followups" }
    public var title: String { "Follow-ups" }
    public var summary: String { "Tasks and reminders, a dated next action on every open deal, and the Today list of what is due." }
    public var migrations: [Migration] { FollowUpsMigrations.all }
    public var routes: [ModuleRoute] { TaskRoutes(settings: settings).all + ReminderRoutes(settings: settings).all + LeadReassignmentRoutes(settings: settings).all }
    public var dealRules: [any DealRule] { [NextActionRule(policy: settings.nextAction)] }
    public var jobKinds: [String] { [Self.reminderScan, Self.digest, Self.leadReassignment] }
    /// Tasks follow a merged contact or company. Reminders and lead reassignments stay with the
    /// record they were about: they are a log of what happened to it.
    public var references: [RecordReference] {
        [RecordReference(table: "tasks", column: "contact_id", entity: .contact), RecordReference(table: "tasks", column: "company_id", entity: .company)]
    }

    /// The job that scans for reminders (stale deals, overdue next actions, due tasks, uncontacted leads).
    public static let reminderScan = "followups.reminders"
    /// The job that queues the daily digests whose time has come.
    public static let digest = "followups.digest"
    /// The job that hands leads nobody contacted in time to the next member of the team.
    public static let leadReassignment = "followups.leads"

    public func background(_ services: Services) -> ModuleBackground {
        let reminders = ReminderService(context: services.context, settings: settings)
        let leads = LeadReassignmentService(services: services, settings: settings)
        let digests = DigestService(context: services.context, settings: settings, mail: MailQueue(jobs: services.jobs, settings: mail))
        return ModuleBackground(
            handlers: [
                JobHandler(kind: Self.reminderScan) { _, conn in try reminders.scan(conn) },
                JobHandler(kind: Self.digest) { _, conn in try digests.queueDue(users: services.users, conn) },
                JobHandler(kind: Self.leadReassignment) { _, conn in try leads.reassignDue(conn) },
            ],
            recurring: [Self.reminderScan, Self.digest, Self.leadReassignment].map { RecurringJob(kind: $0, every: 15 * 60) }
        )
    }
}
