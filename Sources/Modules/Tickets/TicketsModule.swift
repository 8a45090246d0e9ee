import CarnetCore
import CarnetMail
import CarnetStore

/// The `tickets` module: after-sales tickets with a human number, a conversation whose public
/// replies go out by e-mail, customers' mail threaded back in, saved replies, and SLA due
/// times in business hours with a breach event from a scan every few minutes.
public struct TicketsModule: BackgroundModule {
    public let settings: TicketsSettings
    /// How replies are sent.
    public let mail: MailSettings

    public init(settings: TicketsSettings = TicketsSettings(), mail: MailSettings = MailSettings()) {
        self.settings = settings
        self.mail = mail
    }

    public var id: String { "tickets" }
    public var title: String { "Tickets" }
    public var summary: String { "After-sales tickets: numbered requests, replies by e-mail, customers' mail threaded in, saved replies and SLA due times." }
    public var migrations: [Migration] { TicketsMigrations.all }
    public var routes: [ModuleRoute] {
        TicketRoutes(settings: settings).all + TicketMessageRoutes(settings: settings, mail: mail).all
            + InboundRoutes(settings: settings, mail: mail).all + SavedReplyRoutes().all
    }
    public var jobKinds: [String] { [Self.slaScan] }
    /// A merged contact's or company's tickets move to the record that survives the merge.
    public var references: [RecordReference] {
        [RecordReference(table: "tickets", column: "contact_id", entity: .contact), RecordReference(table: "tickets", column: "company_id", entity: .company)]
    }

    /// The job that reports SLA breaches.
    public static let slaScan = "tickets.sla"

    public func background(_ services: Services) -> ModuleBackground {
        let scan = SLAScanService(context: services.context)
        return ModuleBackground(
            handlers: [JobHandler(kind: Self.slaScan) { _, conn in try scan.scan(conn) }],
            recurring: [RecurringJob(kind: Self.slaScan, every: settings.scanEvery)]
        )
    }
}
