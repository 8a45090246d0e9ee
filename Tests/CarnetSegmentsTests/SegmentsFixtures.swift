import CarnetCore
import CarnetMail
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation

/// A fresh database with the segments module enabled, and the builders its tests need.
struct SegmentsWorld {
    let services: Services
    let clock: ManualClock
    let settings: SegmentsSettings
    let mail: MailSettings
    var segments: SegmentService { SegmentService(context: services.context) }
    var campaigns: CampaignService { CampaignService(context: services.context, jobs: services.jobs, settings: settings, mail: mail) }
    var module: SegmentsModule { SegmentsModule(settings: settings, mail: mail) }

    /// Runs `body` on a fresh database of `backend`, the clock at 2026-03-02 10:00 UTC.
    static func with(_ backend: Backend, modules enabled: [String] = ["segments"], settings: SegmentsSettings = SegmentsSettings(),
                     mail: MailSettings = MailSettings(), _ body: @Sendable (SegmentsWorld) async throws -> Void) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_772_445_600))
        try await TestDatabase.with(backend, clock: clock, catalog: ModuleCatalog([SegmentsModule(settings: settings, mail: mail)]), enabledModules: enabled) { services in
            try await body(SegmentsWorld(services: services, clock: clock, settings: settings, mail: mail))
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await services.database.write(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await services.database.read(body)
    }

    func user(_ email: String, role: Role = .manager) async throws -> User {
        try await write { [services] conn in try services.users.create(email: email, name: email, role: role, passwordHash: nil, actor: .system, conn) }
    }

    func company(_ name: String, industry: String, size: Int, revenue: Int64, region: String) async throws -> Company {
        var patch = CompanyPatch()
        patch.name = name
        patch.industry = industry
        patch.size = size
        patch.annualRevenue = revenue
        patch.region = region
        let input = patch
        return try await write { [services] conn in try services.companies.create(input, actor: .system, conn) }
    }

    func contact(_ configure: (inout ContactPatch) -> Void) async throws -> Contact {
        var patch = ContactPatch()
        configure(&patch)
        let input = patch
        // A second apart, so that ids (time-ordered) sort contacts in the order they were made.
        clock.advance(by: 1)
        return try await write { [services] conn in try services.contacts.create(input, actor: .system, conn) }
    }

    /// The days before the clock's now.
    func daysAgo(_ days: Double) -> Date {
        clock.now.addingTimeInterval(-days * 86_400)
    }
}

/// Six contacts, two companies, three deals and two activities; each test names the members it expects.
///
/// | contact | region    | country | city      | company      | tags               | owner | opt-in | do-not-email | e-mail | deal (open?)      | last activity |
/// | ana     | Bretagne  | FR      | Rennes    | Acme (small) | vip                | u1    | yes    | no           | yes    | proposal (open)   | 2 days ago    |
/// | ben     | Bretagne  | FR      | Brest     | Bolt (large) |                    | u2    | yes    | no           | yes    | won (closed)      | 40 days ago   |
/// | cleo    | Normandie | FR      |           | Bolt (large) | vip, newsletter    | u1    | no     | no           | yes    | lead (open)       | none          |
/// | dan     |           | BE      | Bruxelles |              | newsletter         |       | yes    | yes          | yes    |                   | none          |
/// | eve     | Normandie | FR      |           |              | vip                |       | yes    | no           | no     |                   | none          |
/// | fay     | Bretagne  | FR      |           |              | vip                |       | yes    | no           | yes    | (archived contact)                |
///
/// Acme: software, 30 people, 5 M revenue (small, small). Bolt: retail, 400 people, 90 M (large, large).
/// Custom fields: ana {seats: 12, plan: "pro"}, ben {seats: 3, plan: "basic"}, cleo {plan: "pro"}.
struct Audience {
    var ana: Contact, ben: Contact, cleo: Contact, dan: Contact, eve: Contact, fay: Contact
    var owner1: User, owner2: User

    var names: [String: String] {
        [ana.id: "ana", ben.id: "ben", cleo.id: "cleo", dan.id: "dan", eve.id: "eve", fay.id: "fay"]
    }

    static func build(_ world: SegmentsWorld) async throws -> Audience {
        let u1 = try await world.user("u1@example.com")
        let u2 = try await world.user("u2@example.com")
        let acme = try await world.company("Acme", industry: "software", size: 30, revenue: 500_000_000, region: "Bretagne")
        let bolt = try await world.company("Bolt", industry: "retail", size: 400, revenue: 9_000_000_000, region: "Normandie")
        func person(_ first: String, region: String?, country: String, city: String? = nil, company: Company?, tags: [String], owner: User?,
                    optIn: Bool, doNotEmail: Bool = false, email: Bool = true, custom: [String: JSONValue] = [:]) async throws -> Contact {
            try await world.contact {
                $0.firstName = first
                $0.lastName = "Martin"
                if email { $0.email = "\(first)@example.com" }
                $0.region = region
                $0.country = country
                $0.city = city
                $0.companyID = company?.id
                $0.tags = tags
                $0.ownerID = owner?.id
                $0.emailOptIn = optIn
                $0.doNotEmail = doNotEmail
                $0.customFields = custom
            }
        }
        let ana = try await person("ana", region: "Bretagne", country: "FR", city: "Rennes", company: acme, tags: ["vip"], owner: u1, optIn: true,
                                   custom: ["seats": .number(12), "plan": .string("pro")])
        let ben = try await person("ben", region: "Bretagne", country: "FR", city: "Brest", company: bolt, tags: [], owner: u2, optIn: true,
                                   custom: ["seats": .number(3), "plan": .string("basic")])
        let cleo = try await person("cleo", region: "Normandie", country: "FR", company: bolt, tags: ["vip", "newsletter"], owner: u1, optIn: false,
                                    custom: ["plan": .string("pro")])
        let dan = try await person("dan", region: nil, country: "BE", city: "Bruxelles", company: nil, tags: ["newsletter"], owner: nil, optIn: true, doNotEmail: true)
        let eve = try await person("eve", region: "Normandie", country: "FR", company: nil, tags: ["vip"], owner: nil, optIn: true, email: false)
        let fay = try await person("fay", region: "Bretagne", country: "FR", company: nil, tags: ["vip"], owner: nil, optIn: true)
        try await world.write { [services = world.services] conn in
            _ = try services.contacts.archive(fay.id, expectedVersion: nil, actor: .system, conn)
            var proposal = DealPatch()
            proposal.title = "Acme licences"
            proposal.contactID = ana.id
            proposal.stage = "proposal"
            proposal.amount = 1_200_000
            proposal.expectedClose = LocalDate("2026-04-30")
            _ = try services.deals.create(proposal, actor: .system, conn)
            var won = DealPatch()
            won.title = "Bolt renewal"
            won.contactID = ben.id
            won.stage = "won"
            won.amount = 500_000
            _ = try services.deals.create(won, actor: .system, conn)
            var lead = DealPatch()
            lead.title = "Bolt stores"
            lead.contactID = cleo.id
            lead.stage = "lead"
            _ = try services.deals.create(lead, actor: .system, conn)
        }
        for (contact, days) in [(ana, 2.0), (ben, 40.0)] {
            var input = ActivityInput(kind: .call)
            input.contactID = contact.id
            input.subject = "Call"
            input.occurredAt = world.daysAgo(days)
            let activity = input
            _ = try await world.write { [services = world.services] conn in try services.activities.create(activity, actor: .system, conn) }
        }
        return Audience(ana: ana, ben: ben, cleo: cleo, dan: dan, eve: eve, fay: fay, owner1: u1, owner2: u2)
    }
}

extension JSONValue {
    /// A condition `{field, op, value}`.
    static func condition(_ field: String, _ op: String, _ value: JSONValue) -> JSONValue {
        .object(["field": .string(field), "op": .string(op), "value": value])
    }

    static func all(_ nodes: JSONValue...) -> JSONValue { .object(["all": .array(nodes)]) }
    static func any(_ nodes: JSONValue...) -> JSONValue { .object(["any": .array(nodes)]) }
}
