import CarnetCore
import CarnetMail
import CarnetStore
import Logging

/// The `segments` module: live segments (saved filters over contacts, their companies, deals,
/// activities and lead scores) and campaign e-mails to them, with consent enforced and
/// one-click unsubscribe.
public struct SegmentsModule: BackgroundModule {
    public let settings: SegmentsSettings
    /// How campaign e-mails are sent.
    public let mail: MailSettings

    public init(settings: SegmentsSettings = SegmentsSettings(), mail: MailSettings = MailSettings()) {
        self.settings = settings
        self.mail = mail
    }

    public var id: String { "segments" }
    public var title: String { "Segments and campaigns" }
    public var summary: String { "Live segments of contacts, counted while you edit them, and campaign e-mails to them with consent and unsubscribe." }
    public var migrations: [Migration] { SegmentsMigrations.all }
    public var routes: [ModuleRoute] { SegmentRoutes().all + CampaignRoutes(settings: settings, mail: mail).all }
    public var jobKinds: [String] { [Self.campaignJob, Self.mailJob] }
    /// Recipients and unsubscribes stay with the contact they were about: they are a log of what was sent.
    public var references: [RecordReference] { [] }

    /// The campaign e-mails a contact was sent. Its unsubscribe stays: the address must not be
    /// mailed again if it comes back.
    public var personalData: [PersonalDataReference] { [PersonalDataReference(table: "campaign_recipients")] }

    /// The job that takes a campaign's recipients and queues their e-mails, a batch a minute.
    public static let campaignJob = "segments.campaign"
    /// The job that sends one campaign e-mail.
    public static let mailJob = "segments.mail"

    public func background(_ services: Services) -> ModuleBackground {
        let sender = CampaignSender(context: services.context, jobs: services.jobs, settings: settings, mail: mail)
        return ModuleBackground(handlers: [
            JobHandler(kind: Self.campaignJob) { job, conn in
                guard case .object(let fields) = job.payload, case .string(let id)? = fields["campaign_id"] else { return }
                try sender.run(campaignID: id, conn)
            },
            MarketingMailJob(kind: Self.mailJob, table: TrackedMailKind.campaign.table, context: services.context, mail: mail)
                .handler(database: services.database, transport: mail.makeTransport(logger: Logger(label: "carnet.segments"))),
        ])
    }
}
