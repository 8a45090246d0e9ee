import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Migrator")
struct MigratorTests {
    @Test("the core schema is applied once and recorded as migrations 1 to 10", arguments: Backend.available)
    func coreAppliedOnce(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let migrator = Migrator(database: services.database, clock: services.context.clock)
            #expect(try await migrator.applied(module: CoreMigrations.module) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
            #expect(try await services.count("schema_migrations", where: "module = 'core'") == 10)
            for table in ["users", "api_tokens", "companies", "contacts", "contact_tags", "deals", "deal_stage_history",
                          "activities", "events", "audit_log", "idempotency_keys", "modules", "jobs", "webhooks", "webhook_deliveries",
                          "duplicate_keys", "duplicate_pairs", "duplicate_dismissals", "merges"] {
                #expect(try await services.tableExists(table), "table \(table)")
            }
        }
    }

    @Test("migrating again applies nothing", arguments: Backend.available)
    func secondRunIsEmpty(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let migrator = Migrator(database: services.database, clock: services.context.clock)
            #expect(try await migrator.migrate(module: CoreMigrations.module, CoreMigrations.all) == [])
            #expect(try await services.migrate(configuredModules: []) == [])
            #expect(try await services.count("schema_migrations") == CoreMigrations.all.count)
        }
    }

    @Test("a module's migrations run in number order, once, and applied(module:) lists them", arguments: Backend.available)
    func moduleMigrations(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let migrator = Migrator(database: services.database, clock: clock)
            #expect(try await migrator.applied(module: "notes") == [])
            let migrations = [
                Migration(2, "add colour", sql: ["ALTER TABLE test_notes ADD COLUMN colour TEXT"]),
                Migration(1, "notes table", sql: ["CREATE TABLE test_notes (id TEXT PRIMARY KEY, text TEXT NOT NULL)"]),
            ]
            #expect(try await migrator.migrate(module: "notes", migrations) == ["notes 1 notes table", "notes 2 add colour"])
            #expect(try await migrator.applied(module: "notes") == [1, 2])
            _ = try await services.database.write { conn in
                try conn.execute("INSERT INTO test_notes (id, text, colour) VALUES ('n1', 'hello', 'red')")
            }

            clock.advance(by: 60)
            let third = migrations + [Migration(3, "index", sql: ["CREATE INDEX test_notes_colour ON test_notes (colour)"])]
            #expect(try await migrator.migrate(module: "notes", third) == ["notes 3 index"])
            #expect(try await migrator.applied(module: "notes") == [1, 2, 3])
            #expect(try await migrator.migrate(module: "notes", third) == [])

            let times = try await services.database.read { conn in
                try conn.query("SELECT number, applied_at FROM schema_migrations WHERE module = 'notes' ORDER BY number", []).map {
                    [$0.int64("number") ?? -1, $0.int64("applied_at") ?? -1]
                }
            }
            let first = Timestamp.millis(start2026)
            #expect(times == [[1, first], [2, first], [3, first + 60_000]])
            #expect(try await services.count("test_notes") == 1)
            #expect(try await migrator.applied(module: CoreMigrations.module) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        }
    }

    @Test("a failing migration leaves no trace and is not recorded; earlier ones stay", arguments: Backend.available)
    func failingMigrationRollsBack(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let migrator = Migrator(database: services.database, clock: services.context.clock)
            let migrations = [
                Migration(1, "good", sql: ["CREATE TABLE test_good (id TEXT PRIMARY KEY)"]),
                Migration(2, "bad", sql: ["CREATE TABLE test_half (id TEXT PRIMARY KEY)", "CREATE TABLE test_good (id TEXT PRIMARY KEY)"]),
            ]
            await #expect(throws: StoreError.self) {
                try await migrator.migrate(module: "broken", migrations)
            }
            #expect(try await migrator.applied(module: "broken") == [1])
            #expect(try await services.tableExists("test_good"))
            #expect(try await services.tableExists("test_half") == false)
        }
    }
}
