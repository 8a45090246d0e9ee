import CarnetCore
import CarnetStore
import CarnetTestSupport
import CarnetTickets
import Foundation
import Logging
import Testing

@Suite("SLA breaches")
struct SLAScanTests {
    @Test("ticket.sla_breached fires once per breach as the clock passes each due time, from the recurring job", arguments: Backend.available)
    func firesOnce(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let ana = try await world.user()
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            // Normal priority, Monday 10:00 Paris: first reply due Monday 18:00, resolution Friday 14:00.
            let late = try await world.ticket("Late", contactID: eloise.id) { $0.assigneeID = .some(ana.id) }
            world.clock.advance(by: 1)
            let answered = try await world.ticket("Answered", contactID: eloise.id)
            world.clock.advance(by: 1)
            let solved = try await world.ticket("Solved", contactID: eloise.id)
            _ = try await world.write { [messages = world.messages] conn in
                try messages.add(to: answered.id, TicketMessageInput(kind: .reply, body: "On it"), actor: ana.actor, conn)
            }
            _ = try await world.write { [tickets = world.tickets] conn in
                var patch = TicketPatch()
                patch.status = .resolved
                return try tickets.update(solved.id, patch, expectedVersion: nil, actor: ana.actor, conn)
            }
            let services = world.services
            let background = services.modules.catalog.background(services)
            var logger = Logger(label: "carnet.tests.tickets")
            logger.logLevel = .critical
            let enabled: @Sendable (any SQLConnection) throws -> Set<String> = { conn in try services.modules.enabled(conn) }
            let scheduler = JobScheduler(queue: services.jobs, recurring: background.recurring, enabledModules: enabled)
            let worker = JobWorker(database: services.database, queue: services.jobs, handlers: background.handlers, settings: JobSettings(),
                                   id: "w1", logger: logger, enabledModules: enabled)
            func tick(to text: String) async throws {
                world.clock.set(Timestamp.parse(text)!)
                try await services.database.write { conn in _ = try scheduler.schedule(conn) }
                _ = try await worker.runDue()
            }
            #expect(background.recurring.map(\.kind) == [TicketsModule.slaScan])
            try await tick(to: "2026-03-02T16:59:00Z")
            #expect(try await world.events("ticket.sla_breached").isEmpty)
            try await tick(to: "2026-03-02T17:00:00Z")
            try await tick(to: "2026-03-02T17:05:00Z")
            try await tick(to: "2026-03-03T08:00:00Z")
            let first = try await world.events("ticket.sla_breached")
            #expect(first.map(\.entityID) == [late.id])
            #expect(first.first?.payload == .object([
                "number": .string("T-2026-00001"), "target": .string("first_response"), "priority": .string("normal"), "due_at": .string("2026-03-02T17:00:00.000Z"), "assignee_id": .string(ana.id),
            ]))
            try await tick(to: "2026-03-06T12:55:00Z")
            #expect(try await world.events("ticket.sla_breached").count == 1)
            // Answered was opened a second after Late: its resolution falls due a second later, at the next run.
            try await tick(to: "2026-03-06T13:00:00Z")
            #expect(try await world.events("ticket.sla_breached").count == 2)
            try await tick(to: "2026-03-06T13:05:00Z")
            let all = try await world.events("ticket.sla_breached")
            #expect(all.map(\.entityID) == [late.id, late.id, answered.id])
            #expect(all.map { $0.payload.target } == ["first_response", "resolution", "resolution"])
            let marked = try await world.read { [tickets = world.tickets] conn in try tickets.get(late.id, conn) }
            #expect(marked.firstResponseBreachedAt == Timestamp.parse("2026-03-02T17:00:00Z"))
            #expect(marked.resolutionBreachedAt == Timestamp.parse("2026-03-06T13:00:00Z"))
            // Marking a breach does not touch the version an operator may be editing.
            #expect(marked.version == 1)
        }
    }

    @Test("while the module is off no scan runs; once it is back the breach is reported once", arguments: Backend.available)
    func pausedWhileDisabled(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            _ = try await world.ticket("Late", contactID: eloise.id)
            let services = world.services
            let background = services.modules.catalog.background(services)
            var logger = Logger(label: "carnet.tests.tickets")
            logger.logLevel = .critical
            let enabled: @Sendable (any SQLConnection) throws -> Set<String> = { conn in try services.modules.enabled(conn) }
            let scheduler = JobScheduler(queue: services.jobs, recurring: background.recurring, enabledModules: enabled)
            let worker = JobWorker(database: services.database, queue: services.jobs, handlers: background.handlers, settings: JobSettings(),
                                   id: "w1", logger: logger, enabledModules: enabled)
            try await services.disableModule("tickets", actor: .system)
            world.clock.set(Timestamp.parse("2026-03-02T18:00:00Z")!)
            #expect(try await services.database.write { conn in try scheduler.schedule(conn) } == 0)
            #expect(try await worker.runDue() == 0)
            #expect(try await world.events("ticket.sla_breached").isEmpty)
            try await services.enableModule("tickets", actor: .system)
            world.clock.advance(by: 300)
            #expect(try await services.database.write { conn in try scheduler.schedule(conn) } == 1)
            #expect(try await worker.runDue() == 1)
            world.clock.advance(by: 300)
            #expect(try await services.database.write { conn in try scheduler.schedule(conn) } == 1)
            #expect(try await worker.runDue() == 1)
            #expect(try await world.events("ticket.sla_breached").count == 1)
        }
    }
}

extension JSONValue {
    /// The `target` of a breach payload, for short assertions.
    fileprivate var target: String? {
        guard case .object(let fields) = self, case .string(let target)? = fields["target"] else { return nil }
        return target
    }
}
