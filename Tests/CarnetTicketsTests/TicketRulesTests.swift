import CarnetCore
import Foundation
import Testing

@Suite("Ticket rules")
struct TicketRulesTests {
    static let now = Timestamp.parse("2026-03-02T09:00:00Z")!

    @Test("the status machine allows the documented moves and names `status` when it refuses one")
    func statusMachine() throws {
        #expect(TicketStatus.new.next == [.open, .waitingOnCustomer, .resolved, .closed])
        #expect(TicketStatus.resolved.next == [.open, .closed])
        #expect(TicketStatus.closed.next.isEmpty)
        var ticket = Ticket(id: "tkt_1", number: "T-2026-00001", subject: "Hinge", at: Self.now)
        try ticket.move(to: .resolved, at: Self.now.addingTimeInterval(60))
        #expect(ticket.resolvedAt == Self.now.addingTimeInterval(60))
        #expect(throws: CarnetError.validation([FieldError("status", "cannot go from resolved to waiting_on_customer; from resolved a ticket can go to open, closed")])) {
            try ticket.move(to: .waitingOnCustomer, at: Self.now)
        }
        try ticket.move(to: .open, at: Self.now)
        #expect(ticket.resolvedAt == nil)
        try ticket.move(to: .closed, at: Self.now)
        #expect(throws: CarnetError.validation([FieldError("status", "un ticket closed est définitif et ne peut plus changer de statut")])) {
            try ticket.move(to: .open, at: Self.now, language: .fr)
        }
    }

    @Test("ticket numbers are T-year-five digits, and are found in a reply's subject")
    func numbers() {
        #expect(TicketNumber(year: 2026, sequence: 42).description == "T-2026-00042")
        #expect(TicketNumber(year: 2026, sequence: 123_456).description == "T-2026-123456")
        #expect(TicketNumber.tagged(in: "Re: RE: [T-2026-00042] Charnière cassée") == TicketNumber(year: 2026, sequence: 42))
        #expect(TicketNumber.tagged(in: "[urgent] [T-2026-00007]") == TicketNumber(year: 2026, sequence: 7))
        #expect(TicketNumber.tagged(in: "Re: [T-26-00042] x") == nil)
        #expect(TicketNumber.tagged(in: "Re: [T-2026-0042] x") == nil)
        #expect(TicketNumber.tagged(in: "Re: [T-2026-00000] x") == nil)
    }

    @Test("due times follow the priority's targets in business hours; the pending one is the first response until it is met")
    func schedule() throws {
        let calendar = BusinessCalendar(timeZone: TimeZone(identifier: "Europe/Paris")!)
        // Monday 2026-03-02 10:00 Paris.
        var ticket = Ticket(id: "tkt_1", number: "T-2026-00001", subject: "Hinge", priority: .normal, at: Self.now)
        ticket.schedule(policy: SLAPolicy(), calendar: calendar)
        // 8 working hours: Monday 10:00 → 18:00. 40: Mon 8 + Tue 9 + Wed 9 + Thu 9 + Fri 5 → Friday 14:00.
        #expect(ticket.firstResponseDueAt == Timestamp.parse("2026-03-02T17:00:00Z"))
        #expect(ticket.resolutionDueAt == Timestamp.parse("2026-03-06T13:00:00Z"))
        #expect(ticket.pendingDueAt == ticket.firstResponseDueAt)
        ticket.markResponded(at: Self.now)
        #expect(ticket.pendingDueAt == ticket.resolutionDueAt)
        try ticket.move(to: .resolved, at: Self.now)
        #expect(ticket.pendingDueAt == nil)
        ticket.priority = .low
        ticket.schedule(policy: SLAPolicy(firstResponse: [.urgent: 3600], resolution: [:]), calendar: calendar)
        #expect(ticket.firstResponseDueAt == nil && ticket.resolutionDueAt == nil)
    }

    @Test("a ticket needs a subject and a contact or a company")
    func validation() {
        let ticket = Ticket(id: "tkt_1", number: "T-2026-00001", subject: " ", at: Self.now)
        #expect(throws: CarnetError.validation([FieldError("subject", "is required"), FieldError("contact_id", "a ticket needs a contact or a company (or both)")])) {
            try ticket.validate()
        }
    }

    @Test("merge fields are filled in; an unknown or unclosed one is refused naming the field")
    func mergeFields() throws {
        let template = try MergeTemplate("Bonjour {{contact.first_name}}, votre ticket {{ ticket.number }} — {{user.name}}", field: "body")
        #expect(template.render(["contact.first_name": "Éloïse", "ticket.number": "T-2026-00042", "user.name": "Ana"])
                == "Bonjour Éloïse, votre ticket T-2026-00042 — Ana")
        // Values are never read as templates.
        #expect(template.render(["contact.first_name": "{{user.name}}"]) == "Bonjour {{user.name}}, votre ticket  — ")
        #expect(throws: CarnetError.validation([FieldError("body", "uses “contact.firstname”, which is not a merge field; known fields: "
                                                                     + MergeTemplate.fields.joined(separator: ", "))])) {
            try MergeTemplate("Hi {{contact.firstname}}", field: "body")
        }
        #expect(throws: CarnetError.validation([FieldError("body", "opens a merge field with two braces and never closes it with two")])) {
            try MergeTemplate("Hi {{contact.first_name", field: "body")
        }
        let reply = SavedReply(id: "rpl_1", title: "", body: "{{nope}}", at: Self.now)
        #expect(throws: CarnetError.self) { try reply.validate() }
    }
}
