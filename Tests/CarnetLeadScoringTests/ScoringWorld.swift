import CarnetCore
import CarnetLeadScoring
import CarnetStore
import CarnetTestSupport
import Foundation
import Logging

/// A fresh database with the lead scoring module enabled, the module's background work wired
/// as the server wires it, and the builders its tests need.
struct ScoringWorld {
    let services: Services
    let clock: ManualClock
    let module: LeadScoringModule
    static let logger = Logger(label: "carnet.leadscoring-tests")

    /// Runs `body` on a fresh database of `backend`, the clock at 2026-03-02 09:00 UTC.
    static func with(_ backend: Backend, settings: LeadScoringSettings = LeadScoringSettings(), _ body: @Sendable (ScoringWorld) async throws -> Void) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_772_442_000))
        let module = LeadScoringModule(settings: settings)
        try await TestDatabase.with(backend, clock: clock, catalog: ModuleCatalog([module]), enabledModules: ["leadscoring"]) { services in
            try await body(ScoringWorld(services: services, clock: clock, module: module))
        }
    }

    var recomputes: RecomputeService {
        RecomputeService(database: services.database, context: services.context, settings: module.settings, jobs: services.jobs)
    }

    /// Turns the events written so far into jobs and runs every due job, as the server would.
    func work() async throws {
        let background = module.background(services)
        let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: background.subscribers)
        let worker = JobWorker(database: services.database, queue: services.jobs, handlers: background.handlers + background.subscribers.map(\.jobHandler),
                               settings: JobSettings(), logger: Self.logger)
        repeat {
            while try await services.database.write({ conn in try dispatcher.dispatch(limit: 100, conn) }) > 0 {}
        } while try await worker.runDue() > 0
        let failed = try await services.database.read { conn in
            try conn.query("SELECT kind, last_error FROM jobs WHERE status <> 'done' AND last_error IS NOT NULL", []).map { "\($0.string("kind") ?? ""): \($0.string("last_error") ?? "")" }
        }
        if !failed.isEmpty { throw TestFailure(failed.joined(separator: "\n")) }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Services, any SQLConnection) throws -> T) async throws -> T {
        try await services.database.write { [services] conn in try body(services, conn) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try CarnetJSON.decoder.decode(T.self, from: Data(json.utf8))
    }

    func company(_ json: String) async throws -> Company {
        let patch = try Self.decode(CompanyPatch.self, json)
        return try await write { services, conn in try services.companies.create(patch, actor: .system, conn) }
    }

    func contact(_ json: String) async throws -> Contact {
        let patch = try Self.decode(ContactPatch.self, json)
        return try await write { services, conn in try services.contacts.create(patch, actor: .system, conn) }
    }

    /// A meeting, call or e-mail logged on the contact now.
    func activity(_ kind: ActivityKind, on contact: Contact) async throws {
        var input = ActivityInput(kind: kind)
        input.contactID = contact.id
        let activity = input
        _ = try await write { services, conn in try services.activities.create(activity, actor: .system, conn) }
    }

    /// The `lead.captured` event the capture module writes when the contact submits a form.
    func formSubmitted(by contact: Contact) async throws {
        try await emit("lead.captured", contact)
    }

    /// An event of another module about the contact, with the shared contract's payload.
    func emit(_ type: String, _ contact: Contact) async throws {
        _ = try await write { services, conn in
            try services.changes.event(type, entity: "contact", id: contact.id, actor: .system,
                                       payload: .object(["contact_id": .string(contact.id), "form_slug": .string("demo"), "created": .bool(true)]), conn)
        }
    }

    /// The contact's stored score and band, nil when none.
    func score(_ contact: Contact) async throws -> (score: Int, band: String)? {
        try await services.database.read { conn in
            try conn.queryOne("SELECT score, band FROM lead_scores WHERE contact_id = ?", [.text(contact.id)]).map { ($0.int("score") ?? -1, $0.string("band") ?? "") }
        }
    }

    /// The types of the `lead.*` events about the contact, oldest first, with their payload's bands.
    func leadEvents(_ contact: Contact) async throws -> [String] {
        try await services.database.read { [changes = services.changes] conn in
            try changes.events(entity: "contact", id: contact.id, conn).filter { $0.type.hasPrefix("lead.") && $0.type != "lead.captured" }.map { event in
                guard case .object(let payload) = event.payload, case .string(let band)? = payload["band"] else { return event.type }
                let previous: String = if case .string(let text)? = payload["previous_band"] { text } else { "none" }
                return "\(event.type) \(previous)→\(band)"
            }
        }
    }

    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await services.database.read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", [])?.int("n") ?? -1 }
    }
}
