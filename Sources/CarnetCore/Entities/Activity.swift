import Foundation

/// Something that happened with a contact or on a deal: a note, a call, a meeting, an e-mail.
public struct Activity: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var kind: ActivityKind
    public var subject: String?
    public var body: String?
    public var contactID: String?
    public var dealID: String?
    public var companyID: String?
    /// Who did it (or logged it).
    public var userID: String?
    /// When it happened, which may be before it was logged.
    public var occurredAt: Date
    public var durationMinutes: Int?
    public var version: Int
    public var createdAt: Date

    public init(id: String, kind: ActivityKind, at now: Date) {
        self.id = id
        self.kind = kind
        occurredAt = now
        version = 1
        createdAt = now
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, kind, subject, body, contactID = "contact_id", dealID = "deal_id", companyID = "company_id"
        case userID = "user_id", occurredAt = "occurred_at", durationMinutes = "duration_minutes", version
        case createdAt = "created_at"
    }

    /// Writes every field, `null` included, so the API's JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(subject, forKey: .subject)
        try c.encode(body, forKey: .body)
        try c.encode(contactID, forKey: .contactID)
        try c.encode(dealID, forKey: .dealID)
        try c.encode(companyID, forKey: .companyID)
        try c.encode(userID, forKey: .userID)
        try c.encode(occurredAt, forKey: .occurredAt)
        try c.encode(durationMinutes, forKey: .durationMinutes)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
    }

    /// Checks every field and throws all problems at once.
    public func validate() throws(CarnetError) {
        var check = Validator()
        if contactID == nil && dealID == nil && companyID == nil {
            check.fail("contact_id", "an activity belongs to a contact, a deal or a company: give at least one")
        }
        check.length("subject", subject)
        check.length("body", body, max: Limits.longText)
        if let durationMinutes, durationMinutes < 0 || durationMinutes > 24 * 60 {
            check.fail("duration_minutes", "must be between 0 and 1440")
        }
        try check.check()
    }
}

/// The body of `POST /api/v1/activities`.
public struct ActivityInput: Sendable, Decodable {
    public var kind: ActivityKind
    public var subject, body, contactID, dealID, companyID, userID: String?
    public var occurredAt: Date?
    public var durationMinutes: Int?

    public init(kind: ActivityKind) { self.kind = kind }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: Activity.CodingKeys.self)
        let c = try decoder.container(keyedBy: Activity.CodingKeys.self)
        kind = try c.decode(ActivityKind.self, forKey: .kind)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        contactID = try c.decodeIfPresent(String.self, forKey: .contactID)
        dealID = try c.decodeIfPresent(String.self, forKey: .dealID)
        companyID = try c.decodeIfPresent(String.self, forKey: .companyID)
        userID = try c.decodeIfPresent(String.self, forKey: .userID)
        occurredAt = try c.decodeIfPresent(Date.self, forKey: .occurredAt)
        durationMinutes = try c.decodeIfPresent(Int.self, forKey: .durationMinutes)
    }

    /// The activity this input describes, logged by `actor` now unless it says when.
    public func activity(id: String, by actor: Actor, at now: Date) -> Activity {
        var activity = Activity(id: id, kind: kind, at: now)
        activity.subject = subject?.trimmedOrNil
        activity.body = body?.trimmedOrNil
        activity.contactID = contactID
        activity.dealID = dealID
        activity.companyID = companyID
        activity.userID = userID ?? actor.userID
        activity.occurredAt = occurredAt ?? now
        activity.durationMinutes = durationMinutes
        return activity
    }
}
