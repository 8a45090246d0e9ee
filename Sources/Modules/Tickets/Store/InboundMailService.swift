import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// Receives customers' e-mail: parses the raw message, threads it onto its ticket, or opens a
/// new ticket for the sender's contact (created when the address is unknown), in one transaction.
///
/// Threading tries, in order: a `[T-YYYY-NNNNN]` tag in the subject, then the `In-Reply-To` and
/// `References` ids against the `Message-ID`s of the mail tickets sent and received. A closed
/// ticket is never threaded onto: the customer's new message opens a new ticket. A reply from
/// the customer moves a resolved or waiting ticket back to open; an automatic message
/// (``InboundMail/automatic``, or one from Carnet's own address) is stored and changes nothing.
public struct InboundMailService: Sendable {
    public let context: ServiceContext
    public let settings: TicketsSettings
    /// The sender of Carnet's own mail: a message from it is treated as automatic, so a
    /// misrouted alias cannot make a loop.
    public let ownAddress: String
    var log: ChangeLog { ChangeLog(clock: context.clock) }
    var tickets: TicketService { TicketService(context: context, settings: settings) }

    public init(context: ServiceContext, settings: TicketsSettings, ownAddress: String) {
        self.context = context
        self.settings = settings
        self.ownAddress = ownAddress
    }

    /// The most thread ids looked up for one message.
    static let threadLimit = 50

    /// Stores the raw message `raw`; 413 past `inbound_max_bytes`, 422 when it is not an
    /// e-mail or has no valid sender. The same `Message-ID` twice is stored once.
    public func receive(_ raw: [UInt8], actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> InboundResult {
        try actor.require(.write)
        guard raw.count <= settings.inboundMaxBytes else {
            throw CarnetError.tooLarge("The message is \(raw.count) bytes; this server takes at most \(settings.inboundMaxBytes) (tickets.inbound_max_bytes).")
        }
        var mail = try MIMEParser.parse(raw)
        guard mail.text.utf8.count <= Ticket.bodyLimit || mail.text.count <= Ticket.bodyLimit else {
            throw CarnetError.tooLarge("The message's text is longer than \(Ticket.bodyLimit) characters.")
        }
        let own = [ownAddress] + (settings.replyTo.map { [$0.address] } ?? [])
        if own.contains(where: { $0.caseInsensitiveCompare(mail.fromAddress) == .orderedSame }) { mail.automatic = true }
        if let id = mail.messageID, let row = try conn.queryOne("SELECT * FROM ticket_messages WHERE message_id = ?", [.text(id)]) {
            let message = TicketMessage(row: row)
            return InboundResult(action: .duplicate, ticket: try tickets.get(message.ticketID, conn), message: message, reopened: false)
        }
        let now = context.clock.now
        let found = try thread(mail, conn)
        let ticket = try found ?? openTicket(for: mail, actor: actor, language: language, conn)
        var message = TicketMessage(id: EntityID.make(IDPrefix.ticketMessage, at: now), ticketID: ticket.id, kind: .inbound,
                                    body: mail.text, at: now)
        message.fromAddress = mail.fromAddress
        message.subject = mail.subject
        message.messageID = mail.messageID
        message.inReplyTo = mail.threadIDs.first
        message.automatic = mail.automatic
        try conn.insert(into: TicketMessage.insertTarget, values: message.insertBinds)
        var current = ticket
        var reopened = false
        if found != nil, !mail.automatic, ticket.status == .resolved || ticket.status == .waitingOnCustomer {
            var moved = ticket
            try moved.move(to: .open, at: now, language: language)
            current = try tickets.save(moved, replacing: ticket, actor: actor, reason: "customer_reply", conn)
            reopened = ticket.status == .resolved
        }
        try log.event("ticket.message_received", entity: "ticket", id: ticket.id, actor: actor, payload: .object([
            "number": .string(ticket.number), "message_id": .string(message.id), "automatic": .bool(mail.automatic),
        ]), conn)
        return InboundResult(action: found == nil ? .created : .threaded, ticket: current, message: message, reopened: reopened)
    }

    /// The open ticket the message belongs to, by subject tag, then by thread ids.
    private func thread(_ mail: InboundMail, _ conn: any SQLConnection) throws -> Ticket? {
        if let number = TicketNumber.tagged(in: mail.subject),
           let row = try conn.queryOne("SELECT * FROM tickets WHERE number = ? AND status <> 'closed'", [.text(number.description)]) {
            return Ticket(row: row)
        }
        let ids = mail.threadIDs.prefix(Self.threadLimit)
        guard !ids.isEmpty else { return nil }
        return try conn.queryOne("""
            SELECT t.* FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
            WHERE m.message_id IN (\(ids.map { _ in "?" }.joined(separator: ", "))) AND t.status <> 'closed' ORDER BY m.id DESC LIMIT 1
            """, ids.map { .text($0) }).map(Ticket.init(row:))
    }

    /// A new ticket for the sender's contact, the contact created when nobody has the address.
    private func openTicket(for mail: InboundMail, actor: Actor, language: Language, _ conn: any SQLConnection) throws -> Ticket {
        let contacts = ContactService(context: context)
        let contact = try contacts.findByEmail(mail.fromAddress, conn) ?? contacts.create(Self.contactPatch(mail), actor: actor, conn)
        var patch = TicketPatch()
        let subject = mail.subject.trimmingCharacters(in: .whitespaces)
        patch.subject = subject.isEmpty ? "(no subject)" : String(subject.prefix(Ticket.subjectLimit))
        patch.description = mail.text
        patch.contactID = .some(contact.id)
        patch.companyID = contact.companyID.map { .some($0) }
        patch.channel = .email
        return try tickets.create(patch, actor: actor, language: language, conn)
    }

    /// A new contact from the sender: the display name split into first and last name.
    static func contactPatch(_ mail: InboundMail) -> ContactPatch {
        var patch = ContactPatch()
        patch.email = .some(mail.fromAddress)
        if let name = mail.fromName?.trimmedOrNil {
            let words = name.split(separator: " ")
            if words.count > 1 {
                patch.firstName = .some(String(words.dropLast().joined(separator: " ").prefix(Limits.shortText)))
                patch.lastName = .some(String(words[words.count - 1].prefix(Limits.shortText)))
            } else {
                patch.lastName = .some(String(name.prefix(Limits.shortText)))
            }
        }
        return patch
    }
}
