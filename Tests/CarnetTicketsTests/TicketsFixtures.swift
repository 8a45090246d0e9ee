import CarnetCore
import CarnetMail
import CarnetStore
import CarnetTestSupport
import CarnetTickets
import Foundation

/// A fresh database with the tickets module enabled, and the builders its tests need.
struct TicketsWorld {
    let services: Services
    let clock: ManualClock
    /// Mail from `Carnet <carnet@example.com>`, Message-IDs `@carnet.localhost`.
    let mail = MailSettings(from: TicketsWorld.sender)
    var settings: TicketsSettings { Self.settings }
    var tickets: TicketService { TicketService(context: services.context, settings: settings) }
    var messages: TicketMessageService { TicketMessageService(context: services.context, settings: settings, mail: MailQueue(jobs: services.jobs, settings: mail)) }
    var inbound: InboundMailService { InboundMailService(context: services.context, settings: settings, ownAddress: mail.from.address) }
    var replies: SavedReplyService { SavedReplyService(context: services.context) }
    var scan: SLAScanService { SLAScanService(context: services.context) }

    /// Monday to Friday, 9:00–18:00 in Paris, the standard targets (normal: 8 h to reply, 40 h to resolve).
    static let settings: TicketsSettings = {
        var settings = TicketsSettings()
        settings.calendar = BusinessCalendar(days: [1, 2, 3, 4, 5], opens: 9 * 60, closes: 18 * 60, timeZone: TimeZone(identifier: "Europe/Paris")!)
        settings.policy = SLAPolicy()
        settings.replyTo = try? MailAddress("support@example.com", name: "Support")
        return settings
    }()

    static let sender: MailAddress = {
        do {
            return try MailAddress("carnet@example.com", name: "Carnet")
        } catch {
            preconditionFailure("a valid address: \(error)")
        }
    }()

    /// Monday 2026-03-02 10:00 in Paris.
    static let start = Date(timeIntervalSince1970: 1_772_442_000)

    /// Runs `body` on a fresh database of `backend`, the clock at ``start``.
    static func with(_ backend: Backend, modules enabled: [String] = ["tickets"], _ body: @Sendable (TicketsWorld) async throws -> Void) async throws {
        let clock = ManualClock(start)
        try await TestDatabase.with(backend, clock: clock, catalog: ModuleCatalog([TicketsModule(settings: settings)]), enabledModules: enabled) { services in
            try await body(TicketsWorld(services: services, clock: clock))
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await services.database.write(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await services.database.read(body)
    }

    func user(_ email: String = "ana@example.com", name: String = "Ana Lima", role: Role = .member) async throws -> User {
        try await write { [services] conn in try services.users.create(email: email, name: name, role: role, passwordHash: nil, actor: .system, conn) }
    }

    func contact(first: String, last: String, email: String?, companyID: String? = nil) async throws -> Contact {
        var patch = ContactPatch()
        patch.firstName = .some(first)
        patch.lastName = .some(last)
        patch.email = email.map { .some($0) }
        patch.companyID = companyID.map { .some($0) }
        let input = patch
        return try await write { [services] conn in try services.contacts.create(input, actor: .system, conn) }
    }

    func company(_ name: String) async throws -> Company {
        var patch = CompanyPatch()
        patch.name = name
        let input = patch
        return try await write { [services] conn in try services.companies.create(input, actor: .system, conn) }
    }

    func ticket(_ subject: String, contactID: String?, by actor: Actor = .system, _ configure: (inout TicketPatch) -> Void = { _ in }) async throws -> Ticket {
        var patch = TicketPatch()
        patch.subject = subject
        patch.contactID = contactID.map { .some($0) }
        configure(&patch)
        let input = patch
        return try await write { [tickets] conn in try tickets.create(input, actor: actor, conn) }
    }

    func events(_ type: String) async throws -> [DomainEvent] {
        try await read { conn in try conn.query("SELECT * FROM events WHERE type = ? ORDER BY seq", [.text(type)]).map(ChangeLog.event) }
    }

    func mailJobs() async throws -> [Job] {
        try await read { [services] conn in
            try conn.query("SELECT id FROM jobs WHERE kind = ? ORDER BY id", [.text(MailQueue.kind)]).compactMap { $0.string("id") }.map { try services.jobs.get($0, conn) }
        }
    }
}
