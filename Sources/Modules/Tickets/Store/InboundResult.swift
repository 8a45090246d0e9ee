import CarnetCore

/// What `POST /api/v1/tickets/inbound` did with a message.
public struct InboundResult: Sendable, Encodable {
    /// What happened to the message.
    public enum Action: String, Sendable, Encodable {
        /// A new ticket was opened for it.
        case created
        /// It was added to an existing ticket's conversation.
        case threaded
        /// A message with its `Message-ID` was already stored; nothing changed.
        case duplicate
    }

    public var action: Action
    public var ticket: Ticket
    public var message: TicketMessage
    /// Whether the message moved a resolved ticket back to open.
    public var reopened: Bool

    enum CodingKeys: String, CodingKey {
        case action, ticket, message, reopened
    }
}
