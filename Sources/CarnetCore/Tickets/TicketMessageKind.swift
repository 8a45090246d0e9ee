/// What a message of a ticket's conversation is.
public enum TicketMessageKind: String, Sendable, Codable, CaseIterable {
    /// An operator's public answer, sent to the contact by e-mail.
    case reply
    /// An internal note: it never leaves Carnet.
    case note
    /// A message from the customer, received by e-mail.
    case inbound

    /// Decodes a kind, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let kind = TicketMessageKind(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be reply or note (got \(text))")
        }
        self = kind
    }
}
