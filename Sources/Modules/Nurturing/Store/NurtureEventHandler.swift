import CarnetCore
import CarnetStore
import Foundation

/// Enrolls contacts on the events that trigger sequences, and ends enrollments on the events
/// that are exit conditions; in the transaction of each event's job, from the outbox.
public struct NurtureEventHandler: Sendable {
    public let context: ServiceContext
    public let jobs: JobQueue
    var sequences: SequenceService { SequenceService(context: context, jobs: jobs) }
    var enrollments: EnrollmentService { EnrollmentService(context: context, jobs: jobs) }

    public init(context: ServiceContext, jobs: JobQueue) {
        self.context = context
        self.jobs = jobs
    }

    /// Every event the module reacts to.
    public static let eventTypes = [
        "lead.captured", EventType.created("contact"), EventType.updated("contact"), "lead.score_changed", EventType.activityLogged,
        EventType.created("deal"), EventType.dealWon, "campaign.unsubscribed", EventType.archived("contact"), EventType.erased("contact"),
    ]

    /// Whether the events can matter: an active sequence may enroll, or an active enrollment
    /// may end. Without either (the module unused) no event becomes a job. Asked only once
    /// the module's tables exist (``ModuleCatalog/background(_:)``).
    public static let listening: @Sendable (any SQLConnection) throws -> Bool = { conn in
        try conn.queryOne("""
            SELECT 1 AS found WHERE EXISTS (SELECT 1 FROM nurture_sequences WHERE status = 'active')
                OR EXISTS (SELECT 1 FROM nurture_enrollments WHERE status = 'active')
            """, []) != nil
    }

    public func handle(_ event: DomainEvent, _ conn: any SQLConnection) throws {
        let fields: [String: JSONValue]
        if case .object(let object) = event.payload { fields = object } else { fields = [:] }
        switch event.type {
        case "lead.captured":
            guard case .string(let contact)? = fields["contact_id"] else { return }
            let slug: String? = if case .string(let value)? = fields["form_slug"] { value } else { nil }
            try enroll(contact, kind: "form_submitted", values: [slug], conn)
        case EventType.created("contact"):
            try enroll(event.entityID, kind: "tag_added", values: Self.tags(fields["tags"]).map(Optional.some), conn)
        case EventType.updated("contact"):
            guard case .object(let change)? = fields["tags"] else { return }
            let added = Self.tags(change["new"]).subtracting(Self.tags(change["old"]))
            try enroll(event.entityID, kind: "tag_added", values: added.sorted().map(Optional.some), conn)
        case "lead.score_changed":
            guard case .string(let contact)? = fields["contact_id"], case .string(let band)? = fields["band"],
                  let rank = SequenceTrigger.bands.firstIndex(of: band) else { return }
            try enroll(contact, kind: "score_band", values: SequenceTrigger.bands[...rank].map(Optional.some), conn)
        case EventType.activityLogged:
            guard case .string(let contact)? = fields["contact_id"], fields["kind"] == .string(ActivityKind.email.rawValue) else { return }
            try enrollments.exit(contactID: contact, reason: .replied, before: event.occurredAt, conn)
        case EventType.created("deal"):
            guard case .string(let contact)? = fields["contact_id"] else { return }
            try enrollments.exit(contactID: contact, reason: .dealOpened, before: event.occurredAt, conn)
        case EventType.dealWon:
            guard let contact = try conn.queryOne("SELECT contact_id FROM deals WHERE id = ?", [.text(event.entityID)])?.string("contact_id") else { return }
            try enrollments.exit(contactID: contact, reason: .becameCustomer, conn)
        case "campaign.unsubscribed":
            guard case .string(let contact)? = fields["contact_id"] else { return }
            try enrollments.exit(contactID: contact, reason: .unsubscribed, conn)
        case EventType.archived("contact"), EventType.erased("contact"):
            try enrollments.exit(contactID: event.entityID, reason: .contactRemoved, conn)
        default:
            return
        }
    }

    /// Enrolls the contact in every active sequence whose trigger is `kind` with one of `values`.
    private func enroll(_ contactID: String, kind: String, values: [String?], _ conn: any SQLConnection) throws {
        var seen = Set<String>()
        for value in values {
            for sequence in try sequences.triggered(kind: kind, value: value, conn) where seen.insert(sequence.id).inserted {
                try enrollments.enroll(sequence, contactID: contactID, source: kind, actor: .system, conn)
            }
        }
    }

    /// The tags of a payload's list, lower-cased.
    static func tags(_ json: JSONValue?) -> Set<String> {
        guard case .array(let items)? = json else { return [] }
        return Set(items.compactMap { if case .string(let tag) = $0 { tag.lowercased() } else { nil } })
    }
}
