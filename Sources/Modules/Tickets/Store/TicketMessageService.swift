import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// A ticket's conversation: operators' replies (queued as e-mail to the contact, threaded)
/// and internal notes (never sent), and reading the thread.
public struct TicketMessageService: Sendable {
    public let context: ServiceContext
    public let settings: TicketsSettings
    public let mail: MailQueue
    var log: ChangeLog { ChangeLog(clock: context.clock) }
    var tickets: TicketService { TicketService(context: context, settings: settings) }

    public init(context: ServiceContext, settings: TicketsSettings, mail: MailQueue) {
        self.context = context
        self.settings = settings
        self.mail = mail
    }

    /// The most earlier messages a reply's `References` names: enough for any mail client to thread.
    static let referencesLimit = 20

    /// Adds a reply or a note. A reply is queued to the contact's e-mail in this transaction
    /// with subject `[T-2026-00042] subject`, its `Message-ID` stored, `In-Reply-To` and
    /// `References` naming the thread's earlier mail; the first one sets `first_responded_at`
    /// and moves a new ticket to open. Emits `ticket.replied` or `ticket.note_added`.
    public func add(to ticketID: String, _ input: TicketMessageInput, actor: Actor, language: Language = .en,
                    _ conn: any SQLConnection) throws -> TicketMessage {
        try actor.require(.write)
        let ticket = try tickets.get(ticketID, conn)
        guard ticket.status != .closed else {
            throw CarnetError.invalidState(L10n.text("ticket.closed_no_message", language, ["number": ticket.number]))
        }
        let contact = try ticket.contactID.map { try ContactService(context: context).get($0, conn) }
        let body = try text(of: input, ticket: ticket, contact: contact, actor: actor, language: language, conn)
        let now = context.clock.now
        var message = TicketMessage(id: EntityID.make(IDPrefix.ticketMessage, at: now), ticketID: ticket.id, kind: input.kind, body: body, at: now)
        message.authorID = actor.userID
        if input.kind == .reply {
            try send(&message, ticket: ticket, contact: contact, language: language, conn)
        }
        try conn.insert(into: TicketMessage.insertTarget, values: message.insertBinds)
        if input.kind == .reply {
            var answered = ticket
            answered.markResponded(at: now)
            if answered.status == .new { try answered.move(to: .open, at: now, language: language) }
            _ = try tickets.save(answered, replacing: ticket, actor: actor, reason: "first_reply", conn)
        }
        try log.event(input.kind == .reply ? "ticket.replied" : "ticket.note_added", entity: "ticket", id: ticket.id, actor: actor, payload: .object([
            "number": .string(ticket.number), "message_id": .string(message.id), "kind": .string(input.kind.rawValue),
        ]), conn)
        return message
    }

    /// The messages of a ticket, oldest first (keyset paging on the id).
    public func list(of ticketID: String, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<TicketMessage> {
        _ = try tickets.get(ticketID, conn)
        var sql = "SELECT * FROM ticket_messages WHERE ticket_id = ?"
        var binds: [SQLValue] = [.text(ticketID)]
        if let cursor {
            sql += " AND id > ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        sql += " ORDER BY id LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: TicketMessage.init(row:), cursor: { [$0.id] })
    }

    /// The body written, or the saved reply's text with the merge fields filled in.
    private func text(of input: TicketMessageInput, ticket: Ticket, contact: Contact?, actor: Actor, language: Language,
                      _ conn: any SQLConnection) throws -> String {
        var body = input.body ?? ""
        if let replyID = input.replyID {
            guard let row = try conn.queryOne("SELECT * FROM ticket_replies WHERE id = ? AND archived_at IS NULL", [.text(replyID)]) else {
                throw CarnetError.validation([FieldError("reply_id", "no saved reply with id \(replyID)")])
            }
            let template = try MergeTemplate(SavedReply(row: row).body, field: "reply_id", language: language)
            body = template.render([
                "contact.first_name": contact?.firstName ?? "", "contact.last_name": contact?.lastName ?? "",
                "contact.name": contact?.displayName ?? "", "ticket.number": ticket.number, "ticket.subject": ticket.subject,
                "user.name": actor.name,
            ])
        }
        body = body.trimmingCharacters(in: .whitespacesAndNewlines)
        var check = Validator()
        if body.isEmpty { check.fail("body", L10n.text("ticket.body_required", language)) }
        Ticket.limit(&check, "body", body, max: Ticket.bodyLimit, language)
        try check.check()
        return body
    }

    /// Queues the reply to the contact and records its `Message-ID` and what it answers.
    private func send(_ message: inout TicketMessage, ticket: Ticket, contact: Contact?, language: Language, _ conn: any SQLConnection) throws {
        guard let contact else { throw CarnetError.validation([FieldError("kind", L10n.text("ticket.needs_contact_for_reply", language))]) }
        guard let email = contact.email, let recipient = try? MailAddress(email, name: contact.displayName) else {
            throw CarnetError.validation([FieldError("contact_id", L10n.text("ticket.contact_without_email", language))])
        }
        let thread = try conn.query(
            "SELECT message_id FROM ticket_messages WHERE ticket_id = ? AND message_id IS NOT NULL ORDER BY id DESC LIMIT ?",
            [.text(ticket.id), .int(Self.referencesLimit)]
        ).compactMap { $0.string("message_id") }
        var headers: [MailHeader] = []
        if let last = thread.first {
            headers.append(MailHeader("In-Reply-To", "<\(last)>"))
            headers.append(MailHeader("References", thread.reversed().map { "<\($0)>" }.joined(separator: " ")))
        }
        let subject = "[\(ticket.number)] \(ticket.subject)"
        let job = try mail.enqueue(MailMessage(from: mail.settings.from, to: [recipient], replyTo: settings.replyTo, subject: subject,
                                               text: message.body, headers: headers), conn)
        message.subject = subject
        message.messageID = "\(job.id)@\(mail.settings.messageIDDomain)"
        message.inReplyTo = thread.first
    }
}
