import CarnetCore
import Testing

/// A module with two migrations, a route, a job and an event subscription.
private struct FollowupsModule: CarnetModule {
    let id = "followups"
    let title = "Follow-ups"
    let summary = "Reminds owners of deals that have gone quiet."
    let migrations = [
        Migration(1, "create followups", sql: ["CREATE TABLE followups (id TEXT PRIMARY KEY)"]),
        Migration(2, "add followup due date", sql: ["ALTER TABLE followups ADD COLUMN due_at INTEGER"]),
    ]
    let routes = [
        ModuleRoute(.get, "followups", permission: .read, summary: "List follow-ups") { _ in RouteResponse(json: .array([])) },
        ModuleRoute(.post, "followups/{id}/done", permission: .write, summary: "Mark one done") { _ in RouteResponse(status: 204, json: .null) },
    ]
    let jobKinds = ["followups.sweep"]
    let subscribedEvents = ["deal.stage_changed"]
}

/// A module that needs `followups`.
private struct DigestModule: CarnetModule {
    let id = "digest"
    let title = "Weekly digest"
    let summary = "Mails each owner their open follow-ups."
    let dependencies = ["followups"]
    let migrations = [Migration(1, "create digest runs", sql: ["CREATE TABLE digest_runs (id TEXT PRIMARY KEY)"])]
}

@Suite("ModuleCatalog")
struct ModuleCatalogTests {
    let catalog = ModuleCatalog([FollowupsModule(), DigestModule()])

    @Test("modules are found by id")
    func lookup() {
        #expect(catalog.module("digest")?.title == "Weekly digest")
        #expect(catalog.module("tickets") == nil)
        #expect(catalog.modules.map(\.id) == ["followups", "digest"])
    }

    @Test("a module without dependencies can be enabled")
    func enableIndependent() throws {
        try catalog.checkEnable("followups", enabled: [])
    }

    @Test("enabling is refused while a dependency is off")
    func enableNeedsDependency() throws {
        #expect(throws: CarnetError.invalidState("The module digest needs followups enabled first.")) {
            try catalog.checkEnable("digest", enabled: [])
        }
        try catalog.checkEnable("digest", enabled: ["followups"])
    }

    @Test("disabling is refused while a dependent is on")
    func disableNeedsNoDependent() throws {
        #expect(throws: CarnetError.invalidState("Disable digest first: it needs followups.")) {
            try catalog.checkDisable("followups", enabled: ["followups", "digest"])
        }
        try catalog.checkDisable("followups", enabled: ["followups"])
        try catalog.checkDisable("digest", enabled: ["followups", "digest"])
    }

    @Test("dependents only counts enabled modules")
    func dependents() {
        #expect(catalog.dependents(of: "followups", enabled: ["followups", "digest"]) == ["digest"])
        #expect(catalog.dependents(of: "followups", enabled: ["followups"]) == [])
        #expect(catalog.dependents(of: "digest", enabled: ["followups", "digest"]) == [])
    }

    @Test("an unknown module is not found", arguments: ["tickets", "", "Followups"])
    func unknown(id: String) {
        let notFound = CarnetError.notFound(entity: "module", id: id)
        #expect(throws: notFound) { try catalog.checkEnable(id, enabled: []) }
        #expect(throws: notFound) { try catalog.checkDisable(id, enabled: []) }
        #expect(throws: notFound) { try catalog.impact(of: id, enabled: [], appliedMigrations: []) }
    }

    @Test("the impact of enabling lists pending migrations, routes, jobs, events and what blocks it")
    func impactOfEnabling() throws {
        let impact = try catalog.impact(of: "followups", enabled: [], appliedMigrations: [1])
        #expect(impact == ModuleImpact(
            module: "followups",
            pendingMigrations: ["2 add followup due date"],
            routes: ["GET /api/v1/followups", "POST /api/v1/followups/{id}/done"],
            jobs: ["followups.sweep"],
            events: ["deal.stage_changed"],
            blockedBy: [],
            keptData: "Disabling keeps every row the module stored; enabling it again brings it all back."
        ))

        let dependent = try catalog.impact(of: "digest", enabled: [], appliedMigrations: [])
        #expect(dependent.pendingMigrations == ["1 create digest runs"])
        #expect(dependent.routes.isEmpty)
        #expect(dependent.jobs.isEmpty)
        #expect(dependent.blockedBy == ["followups"])
    }

    @Test("the impact of disabling lists the enabled dependents")
    func impactOfDisabling() throws {
        let impact = try catalog.impact(of: "followups", enabled: ["followups", "digest"], appliedMigrations: [1, 2])
        #expect(impact.pendingMigrations.isEmpty)
        #expect(impact.blockedBy == ["digest"])

        let free = try catalog.impact(of: "digest", enabled: ["followups", "digest"], appliedMigrations: [1])
        #expect(free.blockedBy.isEmpty)
    }

    @Test("the impact encodes with API names")
    func impactJSON() throws {
        let json = JSONValue.of(try catalog.impact(of: "digest", enabled: [], appliedMigrations: []))
        guard case .object(let members) = json else {
            Issue.record("expected an object, got \(json)")
            return
        }
        #expect(members["blocked_by"] == .array([.string("followups")]))
        #expect(members["pending_migrations"] == .array([.string("1 create digest runs")]))
        #expect(members["kept_data"] != nil)
    }

    @Test("a migration's SQL is the same for both dialects unless it says otherwise")
    func migrationDialects() {
        let shared = Migration(1, "create", sql: ["CREATE TABLE t (id TEXT)"])
        #expect(shared.statements(.sqlite) == shared.statements(.postgres))
        let specific = Migration(2, "blob") { dialect in
            [dialect == .postgres ? "ALTER TABLE t ADD COLUMN b BYTEA" : "ALTER TABLE t ADD COLUMN b BLOB"]
        }
        #expect(specific.statements(.postgres) == ["ALTER TABLE t ADD COLUMN b BYTEA"])
        #expect(specific.statements(.sqlite) == ["ALTER TABLE t ADD COLUMN b BLOB"])
    }
}
