import CarnetCore
import CarnetFollowUps
import CarnetMail
import CarnetNurturing
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Logging

/// A fresh database with segments, follow-ups and nurturing enabled, their background work
/// wired as the server wires it (module jobs pause while their module is off), mail going to
/// a real SMTP server, and the builders the tests need.
struct NurturingWorld {
    let services: Services
    let clock: ManualClock
    let catalog: ModuleCatalog
    let segments: SegmentsSettings
    static let logger: Logger = {
        var logger = Logger(label: "carnet.nurturing-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs `body` on a fresh database of `backend`, the clock on Monday 2026-03-02 10:00 UTC,
    /// tracking on and mail to `mail`.
    static func with(_ backend: Backend, mail: MailSettings, _ body: @Sendable (NurturingWorld) async throws -> Void) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_772_445_600))
        let segments = SegmentsSettings(campaignRatePerMinute: 60, tracking: true, publicURL: "https://crm.example.com")
        let catalog = ModuleCatalog([
            SegmentsModule(settings: segments, mail: mail), FollowUpsModule(mail: mail),
            NurturingModule(segments: segments, mail: mail),
        ])
        try await TestDatabase.with(backend, clock: clock, catalog: catalog, enabledModules: ["segments", "followups", "nurturing"]) { services in
            try await body(NurturingWorld(services: services, clock: clock, catalog: catalog, segments: segments))
        }
    }

    var sequences: SequenceService { SequenceService(context: services.context, jobs: services.jobs) }
    var enrollments: EnrollmentService { EnrollmentService(context: services.context, jobs: services.jobs) }
    var tracking: CampaignTracking { CampaignTracking(context: services.context, settings: segments, kinds: [.campaign, NurturingModule.trackedMail]) }

    /// A job worker with every module's handlers, as a server process runs it.
    func worker(id: String = JobWorker.makeID()) -> JobWorker {
        let background = catalog.background(services)
        return JobWorker(database: services.database, queue: services.jobs, handlers: background.handlers, settings: JobSettings(), id: id,
                         logger: Self.logger, enabledModules: { [services] conn in try services.modules.enabled(conn) })
    }

    /// Queues the recurring jobs that are due, turns the events written so far into jobs and
    /// runs every due job, as the server would; fails on a job that failed.
    func work() async throws {
        let background = catalog.background(services)
        let dispatcher = OutboxDispatcher(queue: services.jobs, subscribers: background.subscribers)
        let worker = worker()
        let scheduler = JobScheduler(queue: services.jobs, recurring: background.recurring, enabledModules: { [services] conn in try services.modules.enabled(conn) })
        _ = try await services.database.write { conn in try scheduler.schedule(conn) }
        repeat {
            while try await services.database.write({ conn in try dispatcher.dispatch(limit: 100, conn) }) > 0 {}
        } while try await worker.runDue() > 0
        let failed = try await read { conn in
            try conn.query("SELECT kind, last_error FROM jobs WHERE status <> 'done' AND last_error IS NOT NULL", [])
                .map { "\($0.string("kind") ?? ""): \($0.string("last_error") ?? "")" }
        }
        if !failed.isEmpty { throw TestFailure(failed.joined(separator: "\n")) }
    }

    /// Moves the clock on by `days` and works.
    func travel(days: Double) async throws {
        clock.advance(by: days * 86_400)
        try await work()
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await services.database.write(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await services.database.read(body)
    }

    /// The rows of `table` matching `condition`.
    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", [])?.int("n") ?? -1 }
    }

    func user(_ email: String) async throws -> User {
        try await write { [services] conn in try services.users.create(email: email, name: "Owner", role: .member, passwordHash: nil, actor: .system, conn) }
    }

    /// A contact who agreed to marketing mail, with an e-mail address named after it.
    func lead(_ first: String, owner: User? = nil, tags: [String] = [], optIn: Bool = true) async throws -> Contact {
        var patch = ContactPatch()
        patch.firstName = first
        patch.lastName = "Durand"
        patch.email = "\(first.lowercased())@example.com"
        patch.emailOptIn = optIn
        patch.tags = tags
        patch.ownerID = owner?.id
        let input = patch
        clock.advance(by: 1)
        return try await write { [services] conn in try services.contacts.create(input, actor: .system, conn) }
    }

    /// A sequence from its JSON (as the API takes it).
    func sequence(_ json: String) async throws -> NurtureSequence {
        let patch = try CarnetJSON.decoder.decode(SequencePatch.self, from: Data(json.utf8))
        return try await write { [sequences] conn in try sequences.create(patch, actor: .system, conn) }
    }

    /// The `lead.captured` event the capture module writes when `contact` submits the form `slug`.
    func submitForm(_ slug: String, by contact: Contact) async throws {
        _ = try await write { [services] conn in
            try services.changes.event("lead.captured", entity: "contact", id: contact.id, actor: .system,
                                       payload: .object(["contact_id": .string(contact.id), "form_slug": .string(slug), "created": .bool(true)]), conn)
        }
    }

    /// The contact's enrollment in `sequence`.
    func enrollment(_ sequence: NurtureSequence, _ contact: Contact) async throws -> Enrollment? {
        try await read { conn in
            try conn.queryOne("SELECT * FROM nurture_enrollments WHERE sequence_id = ? AND contact_id = ?", [.text(sequence.id), .text(contact.id)])
                .map { try EnrollmentService(context: services.context, jobs: services.jobs).get($0.string("id") ?? "", conn) }
        }
    }

    /// The signed token of the contact's e-mail of step `step` (from 1), as its links carry it.
    func token(_ contact: Contact, step: Int) async throws -> String {
        try await write { conn in
            guard let id = try conn.queryOne("SELECT id FROM nurture_messages WHERE contact_id = ? AND step_index = ?", [.text(contact.id), .int(step - 1)])?
                .string("id") else { throw TestFailure("no e-mail of step \(step) for \(contact.firstName ?? "")") }
            return try SegmentsSecrets.tokens(conn).make(id)
        }
    }
}
