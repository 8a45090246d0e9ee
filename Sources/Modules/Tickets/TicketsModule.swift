import CarnetCore
import CarnetMail
import CarnetStore

/// The `tickets` module: after-sales tickets with a human number, a conversation whose public
/// replies go out by e-mail, customers' mail threaded back in, saved replies, SLA due times
/// in business hours with a breach event from a scan every few minutes, and a satisfaction
/// survey e-mailed on resolution.
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

    public var subscribedEvents: [String] { [Self.statusChanged] }

    /// The job that reports SLA breaches.
    public static let slaScan = "tickets.sla"
    /// The event after which a resolved ticket's survey goes out.
    static let statusChanged = "ticket.status_changed"

    public func background(_ services: Services) -> ModuleBackground {
        let scan = SLAScanService(context: services.context)
        let surveys = SatisfactionService(context: services.context, settings: settings, mail: MailQueue(jobs: services.jobs, settings: mail))
        return ModuleBackground(
            handlers: [JobHandler(kind: Self.slaScan) { _, conn in try scan.scan(conn) }],
            subscribers: [
                OutboxSubscriber(id: "tickets.satisfaction", eventTypes: [Self.statusChanged]) { event, _, conn in
                    guard case .object(let payload) = event.payload, payload["to"] == .string(TicketStatus.resolved.rawValue) else { return }
                    try surveys.send(ticketID: event.entityID, eventID: event.id, conn)
                },
            ],
            recurring: [RecurringJob(kind: Self.slaScan, every: settings.scanEvery)]
        )
    }
}
