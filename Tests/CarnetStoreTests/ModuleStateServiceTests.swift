import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// A module with one migration that creates `test_widgets`.
struct WidgetsModule: CarnetModule {
    let id = "widgets"
    let title = "Widgets"
    let summary = "Keeps widgets."
    var migrations: [Migration] {
        [Migration(1, "widgets table", sql: ["CREATE TABLE test_widgets (id TEXT PRIMARY KEY, name TEXT NOT NULL)"])]
    }
}

/// A module that needs `widgets` and has no schema of its own.
struct GadgetsModule: CarnetModule {
    let id = "gadgets"
    let title = "Gadgets"
    let summary = "Builds gadgets out of widgets."
    var dependencies: [String] { ["widgets"] }
    var migrations: [Migration] { [] }
}

@Suite("Module state")
struct ModuleStateServiceTests {
    static let catalog = ModuleCatalog([WidgetsModule(), GadgetsModule()])

    static func enabled(_ services: Services) async throws -> Set<String> {
        try await services.database.read { conn in try services.modules.enabled(conn) }
    }

    static func applied(_ services: Services, _ module: String) async throws -> Set<Int> {
        try await Migrator(database: services.database, clock: services.context.clock).applied(module: module)
    }

    @Test("the first start records the configured modules as enabled and runs their migrations", arguments: Backend.available)
    func seedFromConfiguration(backend: Backend) async throws {
        try await TestDatabase.with(backend, catalog: Self.catalog, enabledModules: ["widgets"]) { services async throws in
            #expect(try await Self.enabled(services) == ["widgets"])
            #expect(try await services.count("modules") == 2)
            #expect(try await services.tableExists("test_widgets"))
            #expect(try await Self.applied(services, "widgets") == [1])
        }
    }

    @Test("with nothing configured every module is disabled and no module table exists", arguments: Backend.available)
    func seedNothing(backend: Backend) async throws {
        try await TestDatabase.with(backend, catalog: Self.catalog) { services async throws in
            #expect(try await Self.enabled(services) == [])
            #expect(try await services.count("modules", where: "enabled = 0") == 2)
            #expect(try await services.tableExists("test_widgets") == false)
            #expect(try await Self.applied(services, "widgets") == [])
        }
    }

    @Test("after the first start the table decides, not the configuration", arguments: Backend.available)
    func seedOnlyOnce(backend: Backend) async throws {
        try await TestDatabase.with(backend, catalog: Self.catalog, enabledModules: ["widgets"]) { services async throws in
            let applied = try await services.migrate(configuredModules: ["widgets", "gadgets"])
            #expect(applied == [])
            #expect(try await Self.enabled(services) == ["widgets"])
            try await services.database.write { conn in try services.modules.seed(configured: [], conn) }
            #expect(try await Self.enabled(services) == ["widgets"])
        }
    }

    @Test("a module cannot be enabled before the module it depends on", arguments: Backend.available)
    func dependencyFirst(backend: Backend) async throws {
        try await TestDatabase.with(backend, catalog: Self.catalog) { services async throws in
            let error = await #expect(throws: CarnetError.self) {
                try await services.enableModule("gadgets", actor: .system)
            }
            guard case .invalidState(let message)? = error else {
                Issue.record("expected invalidState, got \(String(describing: error))")
                return
            }
            #expect(message.contains("widgets"))
            #expect(try await Self.enabled(services) == [])
            #expect(try await services.tableExists("test_widgets") == false)

            let unknown = await #expect(throws: CarnetError.self) { try await services.enableModule("sprockets", actor: .system) }
            #expect(unknown == .notFound(entity: "module", id: "sprockets"))
        }
    }

    @Test("only an admin switches modules", arguments: Backend.available)
    func adminOnly(backend: Backend) async throws {
        try await TestDatabase.with(backend, catalog: Self.catalog) { services async throws in
            let manager = Actor(userID: nil, role: .manager, name: "manager")
            let error = await #expect(throws: CarnetError.self) { try await services.enableModule("widgets", actor: manager) }
            #expect(isForbidden(error))
            #expect(try await services.tableExists("test_widgets") == false)
            #expect(try await Self.enabled(services) == [])
        }
    }

    @Test("enabling runs the module's migration; disabling keeps its table and rows; re-enabling does not migrate again",
          arguments: Backend.available)
    func enableDisableEnable(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock, catalog: Self.catalog) { services async throws in
            let admin = try await services.makeUser("admin@example.com", role: .admin)
            clock.advance(by: 60)
            try await services.enableModule("widgets", actor: admin.actor)
            #expect(try await Self.enabled(services) == ["widgets"])
            #expect(try await services.tableExists("test_widgets"))
            #expect(try await Self.applied(services, "widgets") == [1])
            _ = try await services.database.write { conn in
                try conn.execute("INSERT INTO test_widgets (id, name) VALUES ('w1', 'sprocket'), ('w2', 'cog')")
            }

            clock.advance(by: 1)
            try await services.enableModule("gadgets", actor: admin.actor)
            #expect(try await Self.enabled(services) == ["widgets", "gadgets"])
            let blocked = await #expect(throws: CarnetError.self) { try await services.disableModule("widgets", actor: admin.actor) }
            guard case .invalidState? = blocked else {
                Issue.record("expected invalidState, got \(String(describing: blocked))")
                return
            }
            clock.advance(by: 1)
            try await services.disableModule("gadgets", actor: admin.actor)

            clock.advance(by: 60)
            try await services.disableModule("widgets", actor: admin.actor)
            #expect(try await Self.enabled(services) == [])
            #expect(try await services.tableExists("test_widgets"))
            #expect(try await services.count("test_widgets") == 2)

            clock.advance(by: 60)
            try await services.enableModule("widgets", actor: admin.actor)
            #expect(try await Self.enabled(services) == ["widgets"])
            #expect(try await services.count("test_widgets") == 2)
            #expect(try await Self.applied(services, "widgets") == [1])
            let appliedAt = try await services.database.read { conn in
                try conn.query("SELECT applied_at FROM schema_migrations WHERE module = 'widgets'", []).compactMap { $0.int64("applied_at") }
            }
            #expect(appliedAt == [Timestamp.millis(start2026.addingTimeInterval(60))])

            let events = try await services.database.read { conn in
                try conn.query("SELECT type, entity_id, actor_id FROM events WHERE entity_type = 'module' ORDER BY occurred_at, id", []).map {
                    "\($0.string("type") ?? "") \($0.string("entity_id") ?? "") \($0.string("actor_id") ?? "-")"
                }
            }
            #expect(events.count == 5)
            #expect(events.first == "module.enabled widgets \(admin.id)")
            #expect(events.last == "module.enabled widgets \(admin.id)")
            #expect(events.filter { $0.hasPrefix("module.disabled") }.count == 2)
            let changedBy = try await services.database.read { conn in
                try conn.queryOne("SELECT changed_by FROM modules WHERE id = 'widgets'", [])?.string("changed_by")
            }
            #expect(changedBy == admin.id)
        }
    }

    @Test("the impact of enabling lists pending migrations and what blocks it", arguments: Backend.available)
    func impact(backend: Backend) async throws {
        try await TestDatabase.with(backend, catalog: Self.catalog) { services async throws in
            let widgets = try await services.moduleImpact("widgets")
            #expect(widgets.pendingMigrations == ["1 widgets table"])
            #expect(widgets.blockedBy == [])
            let gadgets = try await services.moduleImpact("gadgets")
            #expect(gadgets.blockedBy == ["widgets"])
            try await services.enableModule("widgets", actor: .system)
            #expect(try await services.moduleImpact("widgets").pendingMigrations == [])
        }
    }
}
