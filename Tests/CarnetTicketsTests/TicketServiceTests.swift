import CarnetCore
import CarnetStore
import CarnetTestSupport
import CarnetTickets
import Foundation
import Testing

@Suite("Tickets")
struct TicketServiceTests {
    @Test("tickets are numbered per year from 1, with no gap after refused creations; a new year starts again at 1", arguments: Backend.available)
    func numbering(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let contact = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            let first = try await world.ticket("Hinge", contactID: contact.id)
            await #expect(throws: CarnetError.self) { try await world.ticket("No customer", contactID: nil) }
            await #expect(throws: CarnetError.self) { try await world.ticket("Bad assignee", contactID: contact.id) { $0.assigneeID = .some("usr_nobody") } }
            let second = try await world.ticket("Scratch", contactID: contact.id)
            #expect([first.number, second.number] == ["T-2026-00001", "T-2026-00002"])
            world.clock.set(Timestamp.parse("2026-12-31T23:30:00Z")!)
            // 00:30 on 1 January in Paris: the year of the business calendar's zone.
            #expect(try await world.ticket("New year", contactID: contact.id).number == "T-2027-00001")
        }
    }

    @Test("two instances creating tickets at the same moment get distinct consecutive numbers", arguments: Backend.available)
    func concurrentNumbers(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let contact = try await world.contact(first: "Ana", last: "Lima", email: "ana@example.fr")
            let numbers = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<20 {
                    group.addTask { try await world.ticket("Parallel \(index)", contactID: contact.id).number }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(numbers.sorted() == (1...20).map { TicketNumber(year: 2026, sequence: $0).description })
        }
    }

    @Test("create schedules the SLA; a change is audited with ticket.updated and ticket.status_changed; a stale version is a 409",
          arguments: Backend.available)
    func lifecycle(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let ana = try await world.user()
            let company = try await world.company("Atelier Dupont")
            let ticket = try await world.ticket("Broken hinge", contactID: nil, by: ana.actor) {
                $0.companyID = .some(company.id)
                $0.priority = .high
                $0.orderID = .some("SO-1042")
            }
            #expect(ticket.status == .new)
            // High: 4 working hours from Monday 10:00 → 14:00 Paris; 24 → Monday 8 + Tuesday 9 + Wednesday 7 → Wednesday 16:00.
            #expect(ticket.firstResponseDueAt == Timestamp.parse("2026-03-02T13:00:00Z"))
            #expect(ticket.resolutionDueAt == Timestamp.parse("2026-03-04T15:00:00Z"))
            world.clock.advance(by: 60)
            let tickets = world.tickets
            let moved = try await world.write { conn in
                var patch = TicketPatch()
                patch.status = .open
                patch.assigneeID = .some(ana.id)
                patch.priority = .urgent
                return try tickets.update(ticket.id, patch, expectedVersion: 1, actor: ana.actor, conn)
            }
            #expect(moved.version == 2 && moved.status == .open && moved.assigneeID == ana.id)
            // Urgent, rescheduled from the creation: 1 h → 11:00 Paris; 8 h → 18:00.
            #expect(moved.firstResponseDueAt == Timestamp.parse("2026-03-02T10:00:00Z"))
            #expect(moved.resolutionDueAt == Timestamp.parse("2026-03-02T17:00:00Z"))
            await #expect(throws: CarnetError.versionConflict(entity: "ticket", id: ticket.id, expected: 1, actual: 2)) {
                try await world.write { conn in
                    var patch = TicketPatch()
                    patch.subject = "Late"
                    return try tickets.update(ticket.id, patch, expectedVersion: 1, actor: ana.actor, conn)
                }
            }
            await #expect(throws: CarnetError.validation([FieldError("status", "cannot go from open to new; from open a ticket can go to waiting_on_customer, resolved, closed")])) {
                try await world.write { conn in
                    var patch = TicketPatch()
                    patch.status = .new
                    return try tickets.update(ticket.id, patch, expectedVersion: nil, actor: ana.actor, conn)
                }
            }
            let audit = try await world.read { [services = world.services] conn in try services.changes.auditTrail(entity: "ticket", id: ticket.id, conn) }
            #expect(audit.map(\.field) == ["assignee_id", "first_response_due_at", "priority", "resolution_due_at", "status"])
            #expect(try await world.events("ticket.created").count == 1)
            #expect(try await world.events("ticket.updated").count == 1)
            let status = try #require(try await world.events("ticket.status_changed").first)
            #expect(status.payload == .object(["number": .string("T-2026-00001"), "from": .string("new"), "to": .string("open"), "reason": .null]))
            let archived = try await world.write { conn in try tickets.archive(ticket.id, expectedVersion: 2, actor: ana.actor, conn) }
            #expect(archived.archivedAt == world.clock.now)
            let live = try await world.read { conn in try tickets.list(TicketQuery(), conn) }
            #expect(live.items.isEmpty)
        }
    }

    @Test("the list filters by status, assignee, priority, company, contact and breaching soon, and pages newest first", arguments: Backend.available)
    func filters(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let ana = try await world.user()
            let company = try await world.company("Atelier Dupont")
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr", companyID: company.id)
            let paul = try await world.contact(first: "Paul", last: "Roux", email: "paul@example.fr")
            let a = try await world.ticket("A", contactID: eloise.id) { $0.companyID = .some(company.id); $0.priority = .urgent; $0.assigneeID = .some(ana.id) }
            world.clock.advance(by: 1)
            let b = try await world.ticket("B", contactID: paul.id) { $0.priority = .low }
            world.clock.advance(by: 1)
            let c = try await world.ticket("C", contactID: eloise.id) { $0.assigneeID = .some(ana.id); $0.status = .waitingOnCustomer }
            let tickets = world.tickets
            func ids(_ configure: @Sendable (inout TicketQuery) -> Void) async throws -> [String] {
                var query = TicketQuery()
                configure(&query)
                let input = query
                return try await world.read { conn in try tickets.list(input, conn) }.items.map(\.id)
            }
            #expect(try await ids { _ in } == [c.id, b.id, a.id])
            #expect(try await ids { $0.assigneeID = ana.id } == [c.id, a.id])
            #expect(try await ids { $0.status = .waitingOnCustomer } == [c.id])
            #expect(try await ids { $0.priority = .low } == [b.id])
            #expect(try await ids { $0.companyID = company.id } == [a.id])
            #expect(try await ids { $0.contactID = eloise.id } == [c.id, a.id])
            // Urgent A is due for a first reply at 11:00 Paris, within the two hours from 10:00; B (low, 16 h) and C (normal, 18:00) are not.
            #expect(try await ids { $0.breachingSoon = true } == [a.id])
            let first = try await world.read { conn in
                var query = TicketQuery()
                query.limit = 2
                return try tickets.list(query, conn)
            }
            #expect(first.items.map(\.id) == [c.id, b.id])
            let cursor = try #require(first.nextCursor)
            #expect(try await ids { $0.limit = 2; $0.cursor = cursor } == [a.id])
        }
    }
}
