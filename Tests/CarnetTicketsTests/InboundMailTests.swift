import CarnetCore
import CarnetStore
import CarnetTestSupport
import CarnetTickets
import Foundation
import Testing

@Suite("Inbound mail")
struct InboundMailTests {
    static func receive(_ world: TicketsWorld, _ raw: String, as actor: Actor = .system) async throws -> InboundResult {
        try await world.write { [inbound = world.inbound] conn in try inbound.receive(Array(raw.replacingOccurrences(of: "\n", with: "\r\n").utf8), actor: actor, conn) }
    }

    static func count(_ world: TicketsWorld, _ table: String) async throws -> Int {
        try await world.read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM \(table)", [])?.int("n") ?? -1 }
    }

    @Test("a mail from an unknown address opens a ticket for a new contact named after the sender", arguments: Backend.available)
    func newTicketNewContact(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let result = try await Self.receive(world, """
                From: =?UTF-8?Q?=C3=89lo=C3=AFse_Martin?= <Eloise@Example.fr>
                Subject: =?ISO-8859-1?Q?Charni=E8re_cass=E9e?=
                Message-ID: <m1@example.fr>
                Content-Type: text/plain; charset=utf-8

                Bonjour, elle a cassé.
                """)
            #expect(result.action == .created)
            #expect(result.ticket.number == "T-2026-00001")
            #expect(result.ticket.subject == "Charnière cassée")
            #expect(result.ticket.channel == .email && result.ticket.status == .new)
            #expect(result.ticket.description == "Bonjour, elle a cassé.")
            #expect(result.message.kind == .inbound && result.message.messageID == "m1@example.fr")
            let contact = try await world.read { [services = world.services] conn in try services.contacts.get(result.ticket.contactID!, conn) }
            #expect(contact.firstName == "Éloïse" && contact.lastName == "Martin")
            // A second mail from the same address (another case) finds the contact instead of making another.
            let again = try await Self.receive(world, "From: eloise@example.fr\nSubject: Autre chose\nMessage-ID: <m2@example.fr>\n\nEt la poignée.")
            #expect(again.action == .created && again.ticket.contactID == contact.id && again.ticket.number == "T-2026-00002")
            #expect(try await Self.count(world, "contacts") == 1)
            #expect(try await world.events("ticket.message_received").count == 2)
        }
    }

    @Test("a reply threads by the number in its subject, else by In-Reply-To or References; the same Message-ID twice is stored once",
          arguments: Backend.available)
    func threading(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let ana = try await world.user()
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            let ticket = try await world.ticket("Hinge", contactID: eloise.id)
            let other = try await world.ticket("Handle", contactID: eloise.id)
            let reply = try await world.write { [messages = world.messages] conn in
                try messages.add(to: other.id, TicketMessageInput(kind: .reply, body: "We look into it"), actor: ana.actor, conn)
            }
            let byNumber = try await Self.receive(world, "From: eloise@example.fr\nSubject: RE: [T-2026-00001] Hinge\nMessage-ID: <r1@example.fr>\n\nStill broken")
            #expect(byNumber.action == .threaded && byNumber.ticket.id == ticket.id)
            let byHeader = try await Self.receive(world, """
                From: eloise@example.fr
                Subject: Re: your answer
                Message-ID: <r2@example.fr>
                References: <unknown@elsewhere>
                 <\(reply.messageID!)>

                Thanks
                """)
            #expect(byHeader.action == .threaded && byHeader.ticket.id == other.id)
            let duplicate = try await Self.receive(world, "From: eloise@example.fr\nSubject: RE: [T-2026-00001] Hinge\nMessage-ID: <r1@example.fr>\n\nStill broken")
            #expect(duplicate.action == .duplicate && duplicate.message.id == byNumber.message.id)
            #expect(try await Self.count(world, "ticket_messages") == 3)
            #expect(try await Self.count(world, "tickets") == 2)
        }
    }

    @Test("the customer's reply reopens a resolved ticket and wakes a waiting one; an auto-reply changes nothing; a closed ticket gets a new one",
          arguments: Backend.available)
    func reopening(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            let resolved = try await world.ticket("Hinge", contactID: eloise.id) { $0.status = .resolved }
            let waiting = try await world.ticket("Handle", contactID: eloise.id) { $0.status = .waitingOnCustomer }
            _ = try await world.ticket("Old", contactID: eloise.id) { $0.status = .closed }
            let auto = try await Self.receive(world, "From: eloise@example.fr\nSubject: Re: [T-2026-00001] Hinge\nAuto-Submitted: auto-replied\n\nI am away.")
            #expect(auto.action == .threaded && auto.ticket.status == .resolved && !auto.reopened && auto.message.automatic)
            let bulk = try await Self.receive(world, "From: eloise@example.fr\nSubject: Re: [T-2026-00002] Handle\nPrecedence: bulk\n\nNewsletter")
            #expect(bulk.ticket.status == .waitingOnCustomer)
            let own = try await Self.receive(world, "From: Carnet <carnet@example.com>\nSubject: Re: [T-2026-00001] Hinge\n\nBounce")
            #expect(own.ticket.status == .resolved && own.message.automatic)
            let human = try await Self.receive(world, "From: eloise@example.fr\nSubject: Re: [T-2026-00001] Hinge\n\nIt broke again.")
            #expect(human.reopened && human.ticket.status == .open && human.ticket.resolvedAt == nil)
            let woken = try await Self.receive(world, "From: eloise@example.fr\nSubject: Re: [T-2026-00002] Handle\n\nHere is the photo.")
            #expect(!woken.reopened && woken.ticket.id == waiting.id && woken.ticket.status == .open)
            let afterClose = try await Self.receive(world, "From: eloise@example.fr\nSubject: Re: [T-2026-00003] Old\n\nAgain?")
            #expect(afterClose.action == .created && afterClose.ticket.number == "T-2026-00004")
            let changes = try await world.events("ticket.status_changed")
            // Created resolved (no move, no event), then reopened by the customer.
            #expect(changes.filter { $0.entityID == resolved.id }.map(\.payload) == [
                .object(["number": .string("T-2026-00001"), "from": .string("resolved"), "to": .string("open"), "reason": .string("customer_reply")]),
            ])
            // Auto-replies are never answered: no mail was queued.
            #expect(try await world.mailJobs().isEmpty)
        }
    }

    @Test("a message above the size limit is a 413 and a malformed one a 422; nothing is stored", arguments: Backend.available)
    func badMessages(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let big = "From: a@example.com\nSubject: big\n\n" + String(repeating: "x", count: TicketsWorld.settings.inboundMaxBytes)
            await #expect(throws: CarnetError.tooLarge("The message is \(big.utf8.count + 3) bytes; this server takes at most \(TicketsWorld.settings.inboundMaxBytes) (tickets.inbound_max_bytes).")) {
                try await Self.receive(world, big)
            }
            await #expect(throws: CarnetError.self) { try await Self.receive(world, "not a mail at all") }
            await #expect(throws: CarnetError.self) { try await Self.receive(world, "Subject: no sender\n\nbody") }
            for table in ["tickets", "ticket_messages", "contacts", "events WHERE entity_type = 'ticket'"] {
                let rows = try await Self.count(world, table)
                #expect(rows == 0, "\(table)")
            }
        }
    }
}
