import Foundation

/// One message of a ticket's conversation: an operator's reply or note, or the customer's e-mail.
///
/// `messageID` is the RFC 5322 `Message-ID` (without angle brackets) of a reply sent or a
/// message received; threading of later mail looks it up. `automatic` marks a received
/// auto-reply or bulk message, which never reopens a ticket.
public struct TicketMessage: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var ticketID: String
    public var kind: TicketMessageKind
    /// The operator who wrote a reply or note.
    public var authorID: String?
    /// The sender of a received message.
    public var fromAddress: String?
    public var subject: String?
    public var body: String
    public var messageID: String?
    public var inReplyTo: String?
    public var automatic: Bool
    public var createdAt: Date

    public init(id: String, ticketID: String, kind: TicketMessageKind, body: String, at now: Date) {
        self.id = id
        self.ticketID = ticketID
        self.kind = kind
        self.body = body
        automatic = false
        createdAt = now
    }

    enum CodingKeys: String, CodingKey {
        case id, ticketID = "ticket_id", kind, authorID = "author_id", fromAddress = "from_address", subject, body
        case messageID = "message_id", inReplyTo = "in_reply_to", automatic, createdAt = "created_at"
    }

    /// Writes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(ticketID, forKey: .ticketID)
        try c.encode(kind, forKey: .kind)
        try c.encode(authorID, forKey: .authorID)
        try c.encode(fromAddress, forKey: .fromAddress)
        try c.encode(subject, forKey: .subject)
        try c.encode(body, forKey: .body)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(inReplyTo, forKey: .inReplyTo)
        try c.encode(automatic, forKey: .automatic)
        try c.encode(createdAt, forKey: .createdAt)
    }
}
