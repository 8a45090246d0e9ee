import CarnetCapture
import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation

/// A fresh database with the capture module enabled, and the builders its tests need.
struct CaptureWorld {
    let services: Services
    let clock: ManualClock
    let settings: CaptureSettings
    var forms: CaptureFormService { CaptureFormService(context: services.context) }
    var rules: AssignmentRuleService { AssignmentRuleService(context: services.context) }
    var leads: LeadCaptureService { LeadCaptureService(services: services, settings: settings) }
    var bulk: BulkCaptureService { BulkCaptureService(services: services, settings: settings) }
    /// Who sends the public form.
    static let visitor = Actor(userID: nil, role: .member, name: "form test")

    /// Runs `body` on a fresh database of `backend`, the clock at 2026-03-02 10:00 UTC.
    static func with(_ backend: Backend, settings: CaptureSettings = CaptureSettings(), _ body: @Sendable (CaptureWorld) async throws -> Void) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_772_445_600))
        try await TestDatabase.with(backend, clock: clock, catalog: ModuleCatalog([CaptureModule(settings: settings)]), enabledModules: ["capture"]) { services in
            try await body(CaptureWorld(services: services, clock: clock, settings: settings))
        }
    }

    /// A user of `role`; members and managers join the round-robin team in the order they are made.
    func user(_ email: String, role: Role = .member, locale: String = "en") async throws -> User {
        try await services.database.write { [services] conn in
            try services.users.create(email: email, name: email, role: role, passwordHash: nil, locale: locale, actor: .system, conn)
        }
    }

    /// The “Whitepaper” form: name, e-mail, company, industry, region, country, postcode, a need
    /// (custom field), a consent box, tags `whitepaper`, and a deal for each new lead.
    func whitepaper(createDeal: Bool = true) async throws -> CaptureForm {
        var patch = CaptureFormPatch()
        patch.slug = "whitepaper"
        patch.title = "Whitepaper"
        patch.fields = Self.fields
        patch.consentText = .some("Send me news")
        patch.createDeal = createDeal
        patch.tags = ["whitepaper"]
        let input = patch
        return try await services.database.write { [forms] conn in try forms.create(input, actor: .system, conn) }
    }

    static let fields = [
        CaptureField(name: "first_name", label: "First name", mapsTo: "first_name"),
        CaptureField(name: "last_name", label: "Last name", required: true, mapsTo: "last_name"),
        CaptureField(name: "email", label: "E-mail", kind: .email, required: true, mapsTo: "email"),
        CaptureField(name: "phone", label: "Phone", kind: .phone, mapsTo: "phone"),
        CaptureField(name: "company", label: "Company", mapsTo: "company.name"),
        CaptureField(name: "industry", label: "Industry", mapsTo: "company.industry"),
        CaptureField(name: "region", label: "Region", mapsTo: "region"),
        CaptureField(name: "country", label: "Country", mapsTo: "country"),
        CaptureField(name: "postcode", label: "Postcode", mapsTo: "postcode"),
        CaptureField(name: "need", label: "Your need", kind: .textarea, mapsTo: "custom.need"),
    ]

    /// An assignment rule made through the service.
    func rule(_ kind: AssignmentKind, _ name: String, position: Int, _ configure: (inout AssignmentRulePatch) -> Void) async throws -> AssignmentRule {
        var patch = AssignmentRulePatch()
        patch.kind = kind
        patch.name = name
        patch.position = position
        configure(&patch)
        let input = patch
        return try await services.database.write { [rules] conn in try rules.create(input, actor: .system, conn) }
    }

    /// Sends `values` to `form` as a visitor would, in one transaction.
    func submit(_ form: CaptureForm, _ values: [String: String]) async throws -> CaptureOutcome {
        let lead = try form.read(values)
        return try await services.database.write { [leads] conn in try leads.capture(lead, form: form, channel: .api, actor: Self.visitor, conn) }
    }

    func contact(_ id: String) async throws -> Contact {
        try await services.database.read { [services] conn in try services.contacts.get(id, conn) }
    }

    /// The number of rows of `table` matching `condition`.
    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await services.database.read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", [])?.int("n") ?? -1 }
    }
}
