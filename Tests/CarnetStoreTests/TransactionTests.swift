import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Transactions")
struct TransactionTests {
    @Test("a write that inserts then throws leaves nothing behind", arguments: Backend.available)
    func rollback(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            await #expect(throws: DeliberateFailure.self) {
                try await services.database.write { conn in
                    var patch = ContactPatch()
                    patch.lastName = "Lima"
                    patch.tags = ["vip"]
                    _ = try services.contacts.create(patch, actor: .system, conn)
                    #expect(try conn.queryOne("SELECT COUNT(*) AS n FROM contacts", [])?.int("n") == 1)
                    throw DeliberateFailure()
                }
            }
            #expect(try await services.count("contacts") == 0)
            #expect(try await services.count("contact_tags") == 0)
            #expect(try await services.count("events") == 0)
        }
    }

    @Test("a write that fails on a constraint rolls back what it did before", arguments: Backend.available)
    func rollbackOnDatabaseError(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            _ = try await services.makeUser("ana@example.com")
            await #expect(throws: StoreError.self) {
                try await services.database.write { conn in
                    try conn.execute("INSERT INTO modules (id, enabled, changed_at) VALUES ('x', 1, 0)")
                    try conn.execute("INSERT INTO users (id, email, name, role, version, created_at, updated_at) VALUES ('usr_2', 'ana@example.com', 'Ana', 'member', 1, 0, 0)")
                }
            }
            #expect(try await services.count("modules") == 0)
            #expect(try await services.count("users") == 1)
        }
    }

    @Test("a write that succeeds commits everything and returns its value", arguments: Backend.available)
    func commit(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let ids = try await services.database.write { conn in
                var patch = ContactPatch()
                patch.lastName = "Lima"
                let first = try services.contacts.create(patch, actor: .system, conn)
                patch.lastName = "Alves"
                let second = try services.contacts.create(patch, actor: .system, conn)
                return [first.id, second.id]
            }
            #expect(ids.count == 2)
            #expect(try await services.count("contacts") == 2)
            #expect(try await services.count("events", where: "type = 'contact.created'") == 2)
        }
    }

    @Test("the database is usable again after a rolled-back write", arguments: Backend.available)
    func usableAfterRollback(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            for _ in 0..<3 {
                await #expect(throws: DeliberateFailure.self) {
                    try await services.database.write { conn in
                        try conn.execute("INSERT INTO modules (id, enabled, changed_at) VALUES ('x', 1, 0)")
                        throw DeliberateFailure()
                    }
                }
            }
            let contact = try await services.makeContact("Ana", "Lima")
            #expect(try await services.contact(contact.id) == contact)
            #expect(try await services.count("modules") == 0)
        }
    }
}

@Suite("Concurrent writes")
struct ConcurrentWriteTests {
    @Test("of 40 concurrent writes, the ones that throw leave nothing and the others are all stored", arguments: Backend.available)
    func failuresStayAlone(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        do {
                            let id = try await services.database.write { conn -> String in
                                var patch = ContactPatch()
                                patch.lastName = "Writer \(index)"
                                patch.tags = ["batch"]
                                let contact = try services.contacts.create(patch, actor: .system, conn)
                                if index % 7 == 3 { throw DeliberateFailure() }
                                return contact.id
                            }
                            return (index, !id.isEmpty)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                var outcomes: [Int: Bool] = [:]
                for await (index, stored) in group { outcomes[index] = stored }
                return outcomes
            }
            let failed = Set((0..<40).filter { $0 % 7 == 3 })
            #expect(outcomes.filter { !$0.value }.keys.sorted() == failed.sorted())
            let names = try await services.database.read { conn in
                try conn.query("SELECT last_name FROM contacts", []).compactMap { $0.string("last_name") }
            }
            #expect(Set(names) == Set((0..<40).filter { !failed.contains($0) }.map { "Writer \($0)" }))
            #expect(try await services.count("contact_tags") == 40 - failed.count)
            #expect(try await services.count("events") == 40 - failed.count)
        }
    }
}
