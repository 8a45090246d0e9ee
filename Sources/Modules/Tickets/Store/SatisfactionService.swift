import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// The satisfaction survey: on resolution, an e-mail to the ticket's contact with five links
/// (1 to 5) to a page where one click sends the rating, with an optional comment.
///
/// Each link carries a random token (stored hashed, like API tokens): it needs no login and
/// answers once. The page asks for the click rather than recording the score when the link
/// is opened, because mail filters open links to check them.
public struct SatisfactionService: Sendable {
    public let context: ServiceContext
    public let settings: TicketsSettings
    public let mail: MailQueue
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext, settings: TicketsSettings, mail: MailQueue) {
        self.context = context
        self.settings = settings
        self.mail = mail
    }

    /// The public page the survey's links open, before the token.
    public static let path = "/rate/"
    /// The longest comment, in characters.
    public static let commentLimit = 2_000

    /// A survey as its page shows it.
    public struct Survey: Sendable {
        public var ticket: Ticket
        /// When the customer answered; nil while it is open.
        public var ratedAt: Date?

        public init(ticket: Ticket, ratedAt: Date?) {
            self.ticket = ticket
            self.ratedAt = ratedAt
        }
    }

    /// Sends the survey for a ticket that `eventID` (a `ticket.status_changed`) moved to
    /// resolved: once per event, only while the ticket is still resolved, with survey on and a
    /// contact with an e-mail address. Returns whether a survey went out.
    @discardableResult
    public func send(ticketID: String, eventID: String, _ conn: any SQLConnection) throws -> Bool {
        guard settings.satisfactionSurvey,
              try conn.queryOne("SELECT 1 AS found FROM ticket_surveys WHERE event_id = ?", [.text(eventID)]) == nil else { return false }
        let ticket = try TicketService(context: context, settings: settings).get(ticketID, conn)
        guard ticket.status == .resolved, ticket.archivedAt == nil, let contactID = ticket.contactID,
              let contact = try? ContactService(context: context).get(contactID, conn), !contact.doNotEmail,
              let email = contact.email, let recipient = try? MailAddress(email, name: contact.displayName) else { return false }
        let now = context.clock.now
        let token = SecretToken.make(prefix: "rate_")
        try conn.execute("INSERT INTO ticket_surveys (id, ticket_id, token_hash, event_id, sent_at) VALUES (?, ?, ?, ?, ?)", [
            .text(EntityID.make(IDPrefix.ticketSurvey, at: now)), .text(ticket.id), .text(SecretToken.hash(token)), .text(eventID), .date(now),
        ])
        let base = settings.publicURL.hasSuffix("/") ? String(settings.publicURL.dropLast()) : settings.publicURL
        let link = base + Self.path + token
        let language = settings.language
        let choices = (1...5).map { score in
            "\(score) — \(L10n.text("ticket.survey_score_\(score)", language)): \(link)?score=\(score)"
        }
        let text = L10n.text("ticket.survey_body", language, [
            "name": contact.firstName ?? contact.displayName, "number": ticket.number, "subject": ticket.subject,
        ]) + "\n\n" + choices.joined(separator: "\n") + "\n"
        let subject = "[\(ticket.number)] " + L10n.text("ticket.survey_subject", language)
        _ = try mail.enqueue(MailMessage(from: mail.settings.from, to: [recipient], replyTo: settings.replyTo, subject: subject, text: text), conn)
        return true
    }

    /// The survey a link's token opens; 404 for a token that was never sent.
    public func survey(token: String, _ conn: any SQLConnection) throws -> Survey {
        let row = try surveyRow(token, conn)
        let ticket = try TicketService(context: context, settings: settings).get(row.string("ticket_id") ?? "", conn)
        return Survey(ticket: ticket, ratedAt: row.date("rated_at"))
    }

    /// Records the customer's rating (1–5) and comment on the survey and on the ticket:
    /// `ticket.rated` and audit rows, as the system. A survey answers once: again is a 409.
    public func rate(token: String, score: Int?, comment: String?, language: Language, _ conn: any SQLConnection) throws -> Ticket {
        let row = try surveyRow(token, conn)
        var check = Validator()
        if !(1...5).contains(score ?? 0) { check.fail("score", L10n.text("ticket.survey_score_range", language)) }
        let comment = comment?.trimmedOrNil
        if let comment { Ticket.limit(&check, "comment", comment, max: Self.commentLimit, language) }
        try check.check()
        guard row.date("rated_at") == nil else { throw CarnetError.invalidState(L10n.text("ticket.survey_answered", language)) }
        let now = context.clock.now
        try conn.execute("UPDATE ticket_surveys SET rated_at = ?, score = ?, comment = ? WHERE id = ?",
                         [.date(now), .int(score), .string(comment), .text(row.string("id") ?? "")])
        let current = try TicketService(context: context, settings: settings).get(row.string("ticket_id") ?? "", conn)
        var ticket = current
        ticket.satisfactionScore = score
        ticket.satisfactionComment = comment
        ticket.ratedAt = now
        ticket.version = current.version + 1
        ticket.updatedAt = now
        try conn.execute("""
            UPDATE tickets SET satisfaction_score = ?, satisfaction_comment = ?, rated_at = ?, version = ?, updated_at = ?
            WHERE id = ? AND version = ?
            """, [.int(score), .string(comment), .date(now), .int(ticket.version), .date(now), .text(ticket.id), .int(current.version)])
        try log.audit(FieldChange.between(current, ticket), entity: "ticket", id: ticket.id, actor: .system, conn)
        try log.event("ticket.rated", entity: "ticket", id: ticket.id, actor: .system, payload: .object([
            "number": .string(ticket.number), "score": .number(Double(score ?? 0)), "comment": comment.map(JSONValue.string) ?? .null,
        ]), conn)
        return ticket
    }

    private func surveyRow(_ token: String, _ conn: any SQLConnection) throws -> SQLRow {
        guard token.count <= 100, let row = try conn.queryOne("SELECT * FROM ticket_surveys WHERE token_hash = ?", [.text(SecretToken.hash(token))]) else {
            throw CarnetError.notFound(entity: "satisfaction survey", id: "this link")
        }
        return row
    }
}
