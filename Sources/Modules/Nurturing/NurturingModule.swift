import CarnetCore
import CarnetFollowUps
import CarnetMail
import CarnetSegments
import CarnetStore
import Logging

/// The `nurturing` module: sequences of e-mails, waits, owner tasks, tags and branches that
/// contacts enter on a trigger (a form, a tag, a segment, a score band, by hand) and leave at
/// the end or on an exit condition (reply, deal, unsubscribe, won deal). Every step is a
/// durable job. Needs `segments` (its mail, consent and unsubscribe); task steps need
/// `followups` on when they run, and are passed (logged) while it is off.
public struct NurturingModule: BackgroundModule {
    public let settings: NurturingSettings
    public let segments: SegmentsSettings
    public let followUps: FollowUpsSettings
    public let mail: MailSettings

    public init(settings: NurturingSettings = NurturingSettings(), segments: SegmentsSettings = SegmentsSettings(),
                followUps: FollowUpsSettings = FollowUpsSettings(), mail: MailSettings = MailSettings()) {
        self.settings = settings
        self.segments = segments
        self.followUps = followUps
        self.mail = mail
    }

    public var id: String { "nurturing" }
    public var title: String { "Nurturing sequences" }
    public var summary: String { "Sequences of e-mails, waits and owner tasks that keep leads warm until they reply or buy." }
    public var dependencies: [String] { ["segments"] }
    public var migrations: [Migration] { NurturingMigrations.all }
    public var routes: [ModuleRoute] { SequenceRoutes(mail: mail).all }
    public var subscribedEvents: [String] { NurtureEventHandler.eventTypes }
    public var jobKinds: [String] { [Self.stepJob, Self.mailJob, Self.segmentScan] }
    /// Enrollments and e-mails stay with the contact they were about: they are a log of what was sent.
    public var references: [RecordReference] { [] }

    /// The sequences a contact went through and the e-mails it was sent.
    public var personalData: [PersonalDataReference] {
        [PersonalDataReference(table: "nurture_messages"), PersonalDataReference(table: "nurture_enrollments")]
    }

    /// The job that runs an enrollment's step.
    public static let stepJob = "nurturing.step"
    /// The job that sends one sequence e-mail.
    public static let mailJob = "nurturing.mail"
    /// The recurring job that enrolls contacts who entered a segment.
    public static let segmentScan = "nurturing.segments"
    /// The prefix of a sequence e-mail's id, which its signed links carry.
    public static let messagePrefix = "nms"

    /// Sequence e-mails, for the unsubscribe, open and click addresses of the segments module.
    public static let trackedMail = TrackedMailKind(idPrefix: "\(messagePrefix)_", table: "nurture_messages", query: """
        SELECT r.id, r.contact_id, r.email, r.unsubscribed_at, s.language, s.id AS source_id, r.links AS links_source
        FROM nurture_messages r JOIN nurture_sequences s ON s.id = r.sequence_id WHERE r.id = ?
        """, sourceKey: "sequence_id")

    public func background(_ services: Services) -> ModuleBackground {
        let runner = StepRunner(context: services.context, jobs: services.jobs, modules: services.modules, settings: settings, segments: segments,
                                followUps: followUps, mail: mail)
        let events = NurtureEventHandler(context: services.context, jobs: services.jobs)
        let scan = SegmentEntryScan(context: services.context, jobs: services.jobs, settings: settings)
        return ModuleBackground(
            handlers: [
                JobHandler(kind: Self.stepJob) { job, conn in
                    guard case .object(let fields) = job.payload, case .string(let id)? = fields["enrollment_id"], case .number(let step)? = fields["step"] else { return }
                    try runner.run(enrollmentID: id, step: Int(step), conn)
                },
                JobHandler(kind: Self.segmentScan) { _, conn in try scan.run(conn) },
                MarketingMailJob(kind: Self.mailJob, table: Self.trackedMail.table, context: services.context, mail: mail)
                    .handler(database: services.database, transport: mail.makeTransport(logger: Logger(label: "carnet.nurturing"))),
            ],
            subscribers: [OutboxSubscriber(id: id, eventTypes: NurtureEventHandler.eventTypes, listening: NurtureEventHandler.listening) { event, _, conn in
                try events.handle(event, conn)
            }],
            recurring: [RecurringJob(kind: Self.segmentScan, every: Double(max(1, settings.segmentScanMinutes)) * 60)]
        )
    }
}
