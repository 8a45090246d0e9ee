import CarnetCore
import CarnetMail
import CarnetStore
import CarnetTestSupport
import CarnetTickets
import Foundation
import Logging
import Testing

@Suite("Ticket satisfaction survey")
struct SatisfactionTests {
    static let logger: Logger = {
        var logger = Logger(label: "carnet.tests.tickets")
        logger.logLevel = .critical
        return logger
    }()

    func surveys(_ world: TicketsWorld, _ configure: (inout TicketsSettings) -> Void = { _ in }) -> SatisfactionService {
        var settings = world.settings
        configure(&settings)
        return SatisfactionService(context: world.services.context, settings: settings, mail: MailQueue(jobs: world.services.jobs, settings: world.mail))
    }

    func move(_ world: TicketsWorld, _ ticket: Ticket, to status: TicketStatus) async throws -> Ticket {
        var patch = TicketPatch()
        patch.status = status
        let input = patch
        return try await world.write { [tickets = world.tickets] conn in try tickets.update(ticket.id, input, expectedVersion: nil, actor: .system, conn) }
    }

    /// The survey links of a mail's text, one per score.
    func links(_ job: Job) throws -> [String] {
        let text = try MailMessage(payload: job.payload).text
        return text.split(separator: "\n").compactMap { line in line.range(of: "http").map { String(line[$0.lowerBound...]) } }
    }

    @Test("resolving a ticket queues one survey through the outbox; its link rates once, on the ticket, with an event and audit rows",
          arguments: Backend.available)
    func survey(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            let ticket = try await world.ticket("Charnière cassée", contactID: eloise.id)
            _ = try await move(world, ticket, to: .resolved)
            // The module's subscriber, run as the server runs it: dispatched from the outbox, then a job.
            let work = TicketsModule(settings: world.settings, mail: world.mail).background(world.services)
            let dispatcher = OutboxDispatcher(queue: world.services.jobs, subscribers: work.subscribers)
            let worker = JobWorker(database: world.services.database, queue: world.services.jobs, handlers: work.subscribers.map(\.jobHandler),
                                   settings: JobSettings(), logger: Self.logger)
            _ = try await world.write { conn in try dispatcher.dispatch(limit: 100, conn) }
            #expect(try await worker.runDue() == 1)
            let jobs = try await world.mailJobs()
            #expect(jobs.count == 1)
            let mail = try MailMessage(payload: jobs[0].payload)
            #expect(mail.to.map(\.address) == ["eloise@example.fr"])
            #expect(mail.subject == "[T-2026-00001] How did we do?")
            #expect(mail.text.hasPrefix("Hello Éloïse,\n\nYour request T-2026-00001 (“Charnière cassée”) has been resolved."))
            let links = try links(jobs[0])
            #expect(links.count == 5)
            #expect(links.enumerated().allSatisfy { index, link in link.hasPrefix("http://127.0.0.1:8080/rate/rate_") && link.hasSuffix("?score=\(index + 1)") })
            let token = String(try #require(links.first).dropFirst("http://127.0.0.1:8080/rate/".count).prefix { $0 != "?" })

            // The same event again sends nothing more.
            let resolved = try #require(try await world.events("ticket.status_changed").last)
            let surveys = surveys(world)
            #expect(try await world.write { conn in try surveys.send(ticketID: ticket.id, eventID: resolved.id, conn) } == false)
            #expect(try await world.mailJobs().count == 1)

            #expect(try await world.read { conn in try surveys.survey(token: token, conn) }.ratedAt == nil)
            await #expect(throws: CarnetError.validation([FieldError("score", "choose a rating from 1 (very dissatisfied) to 5 (very satisfied)")])) {
                try await world.write { conn in try surveys.rate(token: token, score: 6, comment: nil, language: .en, conn) }
            }
            await #expect(throws: CarnetError.self) {
                try await world.write { conn in try surveys.rate(token: token, score: 3, comment: String(repeating: "x", count: 2_001), language: .en, conn) }
            }
            world.clock.advance(by: 3600)
            let rated = try await world.write { conn in try surveys.rate(token: token, score: 4, comment: "  Quick and kind  ", language: .en, conn) }
            #expect(rated.satisfactionScore == 4 && rated.satisfactionComment == "Quick and kind")
            #expect(rated.ratedAt == TicketsWorld.start.addingTimeInterval(3600))
            let stored = try await world.read { [tickets = world.tickets] conn in try tickets.get(ticket.id, conn) }
            #expect(stored == rated)
            let events = try await world.events("ticket.rated")
            #expect(events.map(\.payload) == [.object(["number": .string("T-2026-00001"), "score": .number(4), "comment": .string("Quick and kind")])])
            let audited = try await world.read { conn in
                try conn.query("SELECT new_value FROM audit_log WHERE entity_id = ? AND field = ?", [.text(ticket.id), .text("satisfaction_score")]).compactMap { $0.string("new_value") }
            }
            #expect(audited == ["4"])

            await #expect(throws: CarnetError.invalidState("This survey has already been answered: thank you.")) {
                try await world.write { conn in try surveys.rate(token: token, score: 1, comment: nil, language: .en, conn) }
            }
            await #expect(throws: CarnetError.notFound(entity: "satisfaction survey", id: "this link")) {
                try await world.read { conn in try surveys.survey(token: "rate_nothing", conn) }
            }
        }
    }

    @Test("no survey without a contact's e-mail, for a contact who refuses e-mail, with surveys off, or once the ticket is reopened",
          arguments: Backend.available)
    func noSurvey(backend: Backend) async throws {
        try await TicketsWorld.with(backend) { world in
            let company = try await world.company("Atelier Dupré")
            let noEmail = try await world.contact(first: "Noé", last: "Petit", email: nil)
            let refuses = try await world.contact(first: "Inès", last: "Roux", email: "ines@example.fr")
            var patch = ContactPatch()
            patch.doNotEmail = true
            let input = patch
            _ = try await world.write { [services = world.services] conn in
                try services.contacts.update(refuses.id, input, expectedVersion: nil, actor: .system, conn)
            }
            let eloise = try await world.contact(first: "Éloïse", last: "Martin", email: "eloise@example.fr")
            let onlyCompany = try await world.ticket("No contact", contactID: nil) { $0.companyID = .some(company.id) }
            let tickets = [onlyCompany, try await world.ticket("No e-mail", contactID: noEmail.id), try await world.ticket("Refuses", contactID: refuses.id)]
            let surveys = surveys(world)
            for ticket in tickets {
                _ = try await move(world, ticket, to: .resolved)
                let event = try #require(try await world.events("ticket.status_changed").last)
                #expect(try await world.write { conn in try surveys.send(ticketID: ticket.id, eventID: event.id, conn) } == false)
            }
            let off = self.surveys(world) { $0.satisfactionSurvey = false }
            let reopened = try await world.ticket("Reopened", contactID: eloise.id)
            _ = try await move(world, reopened, to: .resolved)
            let event = try #require(try await world.events("ticket.status_changed").last)
            #expect(try await world.write { conn in try off.send(ticketID: reopened.id, eventID: event.id, conn) } == false)
            _ = try await move(world, try await world.read { [tickets = world.tickets] conn in try tickets.get(reopened.id, conn) }, to: .open)
            #expect(try await world.write { conn in try surveys.send(ticketID: reopened.id, eventID: event.id, conn) } == false)
            #expect(try await world.mailJobs().isEmpty)
        }
    }
}
