/// Where a ticket stands: new → open → waiting on the customer → resolved → closed.
///
/// A resolved ticket can be reopened (by an operator, or by the customer's reply); a closed
/// one is final: a customer who writes again about it starts a new ticket.
public enum TicketStatus: String, Sendable, Codable, CaseIterable {
    case new, open
    case waitingOnCustomer = "waiting_on_customer"
    case resolved, closed

    /// The statuses a ticket in this one may move to.
    public var next: [TicketStatus] {
        switch self {
        case .new: [.open, .waitingOnCustomer, .resolved, .closed]
        case .open: [.waitingOnCustomer, .resolved, .closed]
        case .waitingOnCustomer: [.open, .resolved, .closed]
        case .resolved: [.open, .closed]
        case .closed: []
        }
    }

    /// Whether the ticket still needs work: its SLA clocks run and it shows in the queues.
    public var isActive: Bool {
        self != .resolved && self != .closed
    }

    /// Checks the move to `target`; a refused one is a 422 naming `status` and the allowed moves.
    public func checkMove(to target: TicketStatus, language: Language = .en) throws(CarnetError) {
        guard target != self, !next.contains(target) else { return }
        let allowed = next.map(\.rawValue).joined(separator: ", ")
        let message = next.isEmpty
            ? L10n.text("ticket.status_final", language, ["from": rawValue])
            : L10n.text("ticket.status_move", language, ["from": rawValue, "to": target.rawValue, "allowed": allowed])
        throw .validation([FieldError("status", message)])
    }

    /// Decodes a status, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let status = TicketStatus(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")) (got \(text))")
        }
        self = status
    }
}
