/// The body of `POST /api/v1/tickets/{id}/messages`: a public reply or an internal note,
/// written out or taken from a saved reply (`reply_id`), whose merge fields are filled in.
public struct TicketMessageInput: Sendable, Decodable {
    public var kind: TicketMessageKind
    public var body: String?
    public var replyID: String?

    public init(kind: TicketMessageKind, body: String? = nil, replyID: String? = nil) {
        self.kind = kind
        self.body = body
        self.replyID = replyID
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case kind, body, replyID = "reply_id"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(TicketMessageKind.self, forKey: .kind)
        guard kind != .inbound else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "must be reply or note (received mail comes through /api/v1/tickets/inbound)")
        }
        body = try c.decodeIfPresent(String.self, forKey: .body)
        replyID = try c.decodeIfPresent(String.self, forKey: .replyID)
    }
}
