/// What capturing one lead did: the contact it made or matched, its deal, its owner.
public struct CaptureOutcome: Sendable, Equatable, Encodable {
    public var submissionID: String
    public var contactID: String
    /// A new contact, rather than an existing one matched by e-mail.
    public var created: Bool
    public var dealID: String?
    public var ownerID: String?

    enum CodingKeys: String, CodingKey {
        case submissionID = "submission_id", contactID = "contact_id", created, dealID = "deal_id", ownerID = "owner_id"
    }

    /// Writes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(submissionID, forKey: .submissionID)
        try c.encode(contactID, forKey: .contactID)
        try c.encode(created, forKey: .created)
        try c.encode(dealID, forKey: .dealID)
        try c.encode(ownerID, forKey: .ownerID)
    }
}
