import CarnetCore
import CarnetStore
import Foundation

/// Keeps scores up to date from the events the module subscribes to: records the signal an
/// event carries, then rescores the contacts it touches.
public struct ScoringEventHandler: Sendable {
    public let context: ServiceContext
    public let settings: LeadScoringSettings
    let models: ModelService

    /// The events that add a signal, and the kind they add.
    static let signalEvents: [String: SignalKind] = [
        "lead.captured": .formSubmitted, "campaign.email_opened": .emailOpened, "campaign.email_clicked": .emailClicked,
    ]

    /// Every event the module reacts to.
    public static let eventTypes = [
        EventType.created("contact"), EventType.updated("contact"), EventType.restored("contact"), EventType.archived("contact"),
        EventType.erased("contact"), EventType.updated("company"), EventType.activityLogged,
    ] + signalEvents.keys.sorted()

    public init(context: ServiceContext, settings: LeadScoringSettings, jobs: JobQueue) {
        self.context = context
        self.settings = settings
        models = ModelService(context: context, jobs: jobs)
    }

    /// Applies one event, in the transaction of its job.
    public func handle(_ event: DomainEvent, _ conn: any SQLConnection) throws {
        let rescorer = LeadRescorer(context: context, settings: settings)
        switch event.type {
        case EventType.archived("contact"):
            try conn.execute("DELETE FROM lead_scores WHERE contact_id = ?", [.text(event.entityID)])
            return
        case EventType.erased("contact"):
            try conn.execute("DELETE FROM lead_scores WHERE contact_id = ?", [.text(event.entityID)])
            try conn.execute("DELETE FROM lead_signals WHERE contact_id = ?", [.text(event.entityID)])
            return
        case EventType.updated("company"):
            try rescorer.rescoreAll(company: event.entityID, scorer: Scorer(try models.current(conn).model), conn)
            return
        case EventType.activityLogged:
            guard case .object(let activity) = event.payload, case .string(let contact)? = activity["contact_id"],
                  case .string(let kind)? = activity["kind"], let signal = SignalKind(rawValue: kind), [.meeting, .call, .email].contains(signal) else { return }
            var at = event.occurredAt
            if case .string(let text)? = activity["occurred_at"], let date = Timestamp.parse(text) { at = date }
            try record(source: event.entityID, contact: contact, kind: signal, at: at, conn)
            try rescorer.rescore(.ids([contact]), scorer: Scorer(try models.current(conn).model), conn)
        default:
            if let signal = Self.signalEvents[event.type] {
                guard case .object(let payload) = event.payload, case .string(let contact)? = payload["contact_id"] else { return }
                try record(source: event.id, contact: contact, kind: signal, at: event.occurredAt, conn)
                try rescorer.rescore(.ids([contact]), scorer: Scorer(try models.current(conn).model), conn)
            } else {
                try rescorer.rescore(.ids([event.entityID]), scorer: Scorer(try models.current(conn).model), conn)
            }
        }
    }

    /// Adds one signal; the same source twice adds it once, and a contact erased since adds none.
    func record(source: String, contact: String, kind: SignalKind, at: Date, _ conn: any SQLConnection) throws {
        guard try conn.queryOne("SELECT id FROM contacts WHERE id = ?", [.text(contact)]) != nil else { return }
        try conn.execute("""
            INSERT INTO lead_signals (source_id, contact_id, kind, occurred_at) VALUES (?, ?, ?, ?) ON CONFLICT (source_id) DO NOTHING
            """, [.text(source), .text(contact), .text(kind.rawValue), .date(at)])
    }
}
