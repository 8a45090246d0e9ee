import Foundation

/// A customer's request to the after-sales team: “the hinge broke after a week”.
///
/// Status, the SLA due times and the dates they were met change only through
/// ``move(to:at:language:)``, ``schedule(policy:calendar:)`` and ``markResponded(at:)``,
/// so their rules live in one place. The breach dates are written by the SLA scan.
public struct Ticket: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var number: String
    public var subject: String
    public var description: String
    public var contactID: String?
    public var companyID: String?
    /// Links to documents of other systems or modules, as opaque texts.
    public var orderID: String?
    public var invoiceID: String?
    public var productID: String?
    public var channel: TicketChannel
    /// Free text: “delivery”, “warranty”, “billing”.
    public var category: String?
    public var priority: TicketPriority
    public var status: TicketStatus
    /// The user working on it.
    public var assigneeID: String?
    public var firstResponseDueAt: Date?
    public var resolutionDueAt: Date?
    public var firstRespondedAt: Date?
    public var resolvedAt: Date?
    public var closedAt: Date?
    public var firstResponseBreachedAt: Date?
    public var resolutionBreachedAt: Date?
    /// The customer's answer to the satisfaction survey sent on resolution: 1 (very
    /// dissatisfied) to 5 (very satisfied), their comment, and when; the latest answer wins.
    public var satisfactionScore: Int?
    public var satisfactionComment: String?
    public var ratedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var archivedAt: Date?

    public init(id: String, number: String, subject: String, channel: TicketChannel = .email, priority: TicketPriority = .normal, at now: Date) {
        self.id = id
        self.number = number
        self.subject = subject
        description = ""
        self.channel = channel
        self.priority = priority
        status = .new
        version = 1
        createdAt = now
        updatedAt = now
    }

    /// The longest subject, in characters.
    public static let subjectLimit = 200
    /// The longest description or message body, in characters.
    public static let bodyLimit = 100_000

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, number, subject, description, contactID = "contact_id", companyID = "company_id"
        case orderID = "order_id", invoiceID = "invoice_id", productID = "product_id", channel, category, priority, status
        case assigneeID = "assignee_id", firstResponseDueAt = "first_response_due_at", resolutionDueAt = "resolution_due_at"
        case firstRespondedAt = "first_responded_at", resolvedAt = "resolved_at", closedAt = "closed_at"
        case firstResponseBreachedAt = "first_response_breached_at", resolutionBreachedAt = "resolution_breached_at"
        case satisfactionScore = "satisfaction_score", satisfactionComment = "satisfaction_comment", ratedAt = "rated_at"
        case version, createdAt = "created_at", updatedAt = "updated_at", archivedAt = "archived_at"
    }

    /// Writes every field, `null` included, so the API's JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(number, forKey: .number)
        try c.encode(subject, forKey: .subject)
        try c.encode(description, forKey: .description)
        try c.encode(contactID, forKey: .contactID)
        try c.encode(companyID, forKey: .companyID)
        try c.encode(orderID, forKey: .orderID)
        try c.encode(invoiceID, forKey: .invoiceID)
        try c.encode(productID, forKey: .productID)
        try c.encode(channel, forKey: .channel)
        try c.encode(category, forKey: .category)
        try c.encode(priority, forKey: .priority)
        try c.encode(status, forKey: .status)
        try c.encode(assigneeID, forKey: .assigneeID)
        try c.encode(firstResponseDueAt, forKey: .firstResponseDueAt)
        try c.encode(resolutionDueAt, forKey: .resolutionDueAt)
        try c.encode(firstRespondedAt, forKey: .firstRespondedAt)
        try c.encode(resolvedAt, forKey: .resolvedAt)
        try c.encode(closedAt, forKey: .closedAt)
        try c.encode(firstResponseBreachedAt, forKey: .firstResponseBreachedAt)
        try c.encode(resolutionBreachedAt, forKey: .resolutionBreachedAt)
        try c.encode(satisfactionScore, forKey: .satisfactionScore)
        try c.encode(satisfactionComment, forKey: .satisfactionComment)
        try c.encode(ratedAt, forKey: .ratedAt)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(archivedAt, forKey: .archivedAt)
    }

    /// The earliest SLA due time still to meet: the first response until there is one, then
    /// the resolution; nil once the ticket is resolved or closed, or without targets.
    ///
    /// Stored beside the ticket and indexed, so the `breaching_soon` filter is a range scan.
    public var pendingDueAt: Date? {
        guard status.isActive else { return nil }
        if firstRespondedAt == nil, let first = firstResponseDueAt {
            return resolutionDueAt.map { min($0, first) } ?? first
        }
        return resolutionDueAt
    }

    /// Sets the due times from the policy's targets for the ticket's priority, counted in
    /// business time from its creation; a priority without a target has no due time.
    public mutating func schedule(policy: SLAPolicy, calendar: BusinessCalendar) {
        firstResponseDueAt = policy.firstResponse[priority].flatMap { calendar.adding($0, to: createdAt) }
        resolutionDueAt = policy.resolution[priority].flatMap { calendar.adding($0, to: createdAt) }
    }

    /// Records the first public reply; later ones change nothing.
    public mutating func markResponded(at now: Date) {
        if firstRespondedAt == nil { firstRespondedAt = now }
    }

    /// Moves the ticket to `target` if the status machine allows it, stamping resolution and
    /// closing; reopening clears the resolution date.
    public mutating func move(to target: TicketStatus, at now: Date, language: Language = .en) throws(CarnetError) {
        guard target != status else { return }
        try status.checkMove(to: target, language: language)
        status = target
        switch target {
        case .resolved: resolvedAt = now
        case .closed: closedAt = now
        case .new, .open, .waitingOnCustomer: resolvedAt = nil
        }
    }

    /// Checks every field and throws all problems at once, in `language`.
    public func validate(language: Language = .en) throws(CarnetError) {
        var check = Validator()
        let required = L10n.text("validation.required", language)
        if subject.isBlank { check.fail("subject", required) }
        Self.limit(&check, "subject", subject, max: Self.subjectLimit, language)
        Self.limit(&check, "description", description, max: Self.bodyLimit, language)
        for (field, value) in [("category", category), ("order_id", orderID), ("invoice_id", invoiceID), ("product_id", productID)] {
            Self.limit(&check, field, value, max: Limits.shortText, language)
        }
        if contactID == nil && companyID == nil { check.fail("contact_id", L10n.text("ticket.needs_customer", language)) }
        try check.check()
    }

    /// Adds a localised error when `value` has more than `max` characters.
    public static func limit(_ check: inout Validator, _ field: String, _ value: String?, max: Int, _ language: Language) {
        guard let value, Validator.longer(value, than: max) else { return }
        check.fail(field, L10n.text("validation.too_long", language, ["max": String(max), "count": String(value.count)]))
    }

    /// Trims the texts; blank optional texts and ids become `nil`.
    public mutating func normalize() {
        subject = subject.trimmedOrNil ?? ""
        description = description.trimmingCharacters(in: .whitespacesAndNewlines)
        contactID = contactID?.trimmedOrNil
        companyID = companyID?.trimmedOrNil
        orderID = orderID?.trimmedOrNil
        invoiceID = invoiceID?.trimmedOrNil
        productID = productID?.trimmedOrNil
        category = category?.trimmedOrNil
        assigneeID = assigneeID?.trimmedOrNil
    }
}

extension IDPrefix {
    /// Tickets (`tkt_01jd3k...`).
    public static let ticket = "tkt"
    /// Messages of a ticket's conversation (`tkm_01jd3k...`).
    public static let ticketMessage = "tkm"
    /// Saved replies (`rpl_01jd3k...`).
    public static let savedReply = "rpl"
    /// Satisfaction surveys sent on resolution (`tsv_01jd3k...`).
    public static let ticketSurvey = "tsv"
}
