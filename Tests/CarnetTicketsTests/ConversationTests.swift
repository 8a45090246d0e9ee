import CarnetCore
import CarnetMail
import CarnetStore
import CarnetTestSupport
import CarnetTickets
import Foundation
import Testing

@Suite("Ticket conversation")
struct ConversationTests {
    @Test("a reply is queued as mail to the contact with the number in the subject and threading headers; a note never leaves",
          arguments: Backend.available)
    func replyAndNote(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let ana = try await world.user()
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            let ticket = try await world.ticket("Charnière cassée", contactID: eloise.id)
            let messages = world.messages
            world.clock.advance(by: 600)
            let note = try await world.write { conn in try messages.add(to: ticket.id, TicketMessageInput(kind: .note, body: "Check stock first"), actor: ana.actor, conn) }
            #expect(note.messageID == nil)
            #expect(try await world.mailJobs().isEmpty)
            world.clock.advance(by: 600)
            let first = try await world.write { conn in
                try messages.add(to: ticket.id, TicketMessageInput(kind: .reply, body: "  We send a new hinge today.  "), actor: ana.actor, conn)
            }
            let jobs = try await world.mailJobs()
            #expect(jobs.count == 1)
            #expect(first.body == "We send a new hinge today.")
            #expect(first.messageID == "\(jobs[0].id)@carnet.localhost")
            #expect(first.inReplyTo == nil)
            let sent = try MailMessage(payload: jobs[0].payload)
            #expect(sent.to.map(\.address) == ["eloise@example.fr"])
            #expect(sent.replyTo?.address == "support@example.com")
            #expect(sent.subject == "[T-2026-00001] Charnière cassée")
            #expect(sent.headers.isEmpty)
            let answered = try await world.read { [tickets = world.tickets] conn in try tickets.get(ticket.id, conn) }
            // The first reply, 20 minutes after creation: responded, and moved from new to open.
            #expect(answered.firstRespondedAt == TicketsWorld.start.addingTimeInterval(1200))
            #expect(answered.status == .open)
            #expect(answered.pendingDueAt == answered.resolutionDueAt)

            // The customer answers the reply; the next reply answers the customer and names the whole thread.
            world.clock.advance(by: 600)
            let raw = "From: eloise@example.fr\nSubject: Re: [T-2026-00001] Charnière cassée\nMessage-ID: <c1@example.fr>\nIn-Reply-To: <\(first.messageID!)>\n\nMerci !"
            _ = try await world.write { [inbound = world.inbound] conn in try inbound.receive(Array(raw.utf8), actor: ana.actor, conn) }
            world.clock.advance(by: 600)
            let second = try await world.write { conn in
                try messages.add(to: ticket.id, TicketMessageInput(kind: .reply, body: "Tracking: 42"), actor: ana.actor, conn)
            }
            #expect(second.inReplyTo == "c1@example.fr")
            let secondJob = try #require(try await world.mailJobs().last)
            let rendered = String(decoding: try MailMessage(payload: secondJob.payload).rendered(date: world.clock.now, messageID: second.messageID!), as: UTF8.self)
                .replacingOccurrences(of: "\r\n ", with: " ")
            #expect(rendered.contains("\r\nIn-Reply-To: <c1@example.fr>\r\n"))
            #expect(rendered.contains("\r\nReferences: <\(first.messageID!)> <c1@example.fr>\r\n"))
            #expect(rendered.contains("\r\nMessage-ID: <\(second.messageID!)>\r\n"))
            #expect(try await world.events("ticket.replied").count == 2)
            #expect(try await world.events("ticket.note_added").count == 1)
            let thread = try await world.read { conn in try messages.list(of: ticket.id, limit: 50, cursor: nil, conn) }
            #expect(thread.items.map(\.kind) == [.note, .reply, .inbound, .reply])
            let later = try await world.read { [tickets = world.tickets] conn in try tickets.get(ticket.id, conn) }
            #expect(later.firstRespondedAt == answered.firstRespondedAt)
        }
    }

    @Test("a saved reply fills its merge fields into the reply", arguments: Backend.available)
    func savedReply(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let manager = try await world.user("max@example.com", name: "Max Roux", role: .manager)
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            let ticket = try await world.ticket("Hinge", contactID: eloise.id)
            let replies = world.replies
            var patch = SavedReplyPatch()
            patch.title = "Return label"
            patch.body = "Bonjour {{contact.first_name}},\nvoici l'étiquette pour {{ticket.number}}.\n{{user.name}}"
            let input = patch
            let saved = try await world.write { conn in try replies.create(input, actor: manager.actor, conn) }
            let message = try await world.write { [messages = world.messages] conn in
                try messages.add(to: ticket.id, TicketMessageInput(kind: .reply, replyID: saved.id), actor: manager.actor, conn)
            }
            #expect(message.body == "Bonjour Éloïse,\nvoici l'étiquette pour T-2026-00001.\nMax Roux")
        }
    }

    @Test("saved replies: written by managers only, unknown merge fields refused, found by title prefix while typing", arguments: Backend.available)
    func savedReplies(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let member = try await world.user()
            let manager = try await world.user("max@example.com", name: "Max Roux", role: .manager)
            let replies = world.replies
            for title in ["Retour produit", "Remboursement", "Étiquette retour", "Délai de livraison"] {
                var patch = SavedReplyPatch()
                patch.title = title
                patch.body = "Bonjour {{contact.name}}"
                let input = patch
                _ = try await world.write { conn in try replies.create(input, actor: manager.actor, conn) }
            }
            var bad = SavedReplyPatch()
            bad.title = "Broken"
            bad.body = "Hi {{contact.nickname}}"
            let badInput = bad
            await #expect(throws: CarnetError.self) { try await world.write { conn in try replies.create(badInput, actor: manager.actor, conn) } }
            await #expect(throws: CarnetError.self) { try await world.write { conn in try replies.create(badInput, actor: member.actor, conn) } }
            func titles(_ prefix: String?) async throws -> [String] {
                try await world.read { conn in try replies.search(prefix: prefix, limit: 50, cursor: nil, conn) }.items.map(\.title)
            }
            #expect(try await titles("re") == ["Remboursement", "Retour produit"])
            #expect(try await titles("ret") == ["Retour produit"])
            #expect(try await titles("ETI") == ["Étiquette retour"])
            #expect(try await titles(nil) == ["Délai de livraison", "Étiquette retour", "Remboursement", "Retour produit"])
        }
    }

    @Test("a reply needs a contact with an e-mail address; a closed ticket takes no message; nothing is half-written", arguments: Backend.available)
    func badReplies(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let ana = try await world.user()
            let company = try await world.company("Atelier Dupont")
            let paul = try await world.contact(first: "Paul", last: "Roux", email: nil)
            let noContact = try await world.ticket("Company only", contactID: nil) { $0.companyID = .some(company.id) }
            let noEmail = try await world.ticket("No e-mail", contactID: paul.id)
            let closed = try await world.ticket("Closed", contactID: paul.id) { $0.status = .closed }
            let messages = world.messages
            func add(_ ticket: Ticket, _ input: TicketMessageInput) async throws {
                _ = try await world.write { conn in try messages.add(to: ticket.id, input, actor: ana.actor, conn) }
            }
            await #expect(throws: CarnetError.validation([FieldError("kind", "the ticket has no contact to send a reply to; set contact_id or write a note")])) {
                try await add(noContact, TicketMessageInput(kind: .reply, body: "Hello"))
            }
            await #expect(throws: CarnetError.validation([FieldError("contact_id", "the ticket's contact has no e-mail address, so a reply cannot be sent; add one or write a note")])) {
                try await add(noEmail, TicketMessageInput(kind: .reply, body: "Hello"))
            }
            await #expect(throws: CarnetError.validation([FieldError("body", "is required: write the message, or name a saved reply in reply_id")])) {
                try await add(noEmail, TicketMessageInput(kind: .note, body: "   "))
            }
            await #expect(throws: CarnetError.validation([FieldError("reply_id", "no saved reply with id rpl_nope")])) {
                try await add(noEmail, TicketMessageInput(kind: .note, replyID: "rpl_nope"))
            }
            await #expect(throws: CarnetError.invalidState("The ticket T-2026-00003 is closed and takes no more messages; open a new ticket for a new request.")) {
                try await add(closed, TicketMessageInput(kind: .note, body: "Hello"))
            }
            let stored = try await world.read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM ticket_messages", [])?.int("n") }
            #expect(stored == 0)
            #expect(try await world.mailJobs().isEmpty)
        }
    }
}
