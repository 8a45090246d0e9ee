import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// Builders for the rows a store test needs, each going through the services like the API does.
extension Services {
    /// A user with the given role, created by the system.
    func makeUser(_ email: String = "ana@example.com", name: String = "Ana Lima", role: Role = .member) async throws -> User {
        try await database.write { [users] conn in
            try users.create(email: email, name: name, role: role, passwordHash: nil, actor: .system, conn)
        }
    }

    /// A contact built from a patch filled in by `configure`.
    func makeContact(by actor: Actor = .system, _ configure: (inout ContactPatch) -> Void) async throws -> Contact {
        var patch = ContactPatch()
        configure(&patch)
        let input = patch
        return try await database.write { [contacts] conn in try contacts.create(input, actor: actor, conn) }
    }

    /// A contact with just a first and last name (and optionally a company).
    func makeContact(_ first: String?, _ last: String?, email: String? = nil, companyID: String? = nil, by actor: Actor = .system) async throws -> Contact {
        try await makeContact(by: actor) { patch in
            patch.firstName = first
            patch.lastName = last
            patch.email = email
            patch.companyID = companyID
        }
    }

    /// A company with a name.
    func makeCompany(_ name: String, by actor: Actor = .system) async throws -> Company {
        var patch = CompanyPatch()
        patch.name = name
        let input = patch
        return try await database.write { [companies] conn in try companies.create(input, actor: actor, conn) }
    }

    /// A deal in the first stage, linked to a contact (which the lead stage requires).
    func makeDeal(_ title: String, contactID: String, by actor: Actor = .system, _ configure: (inout DealPatch) -> Void = { _ in }) async throws -> Deal {
        var patch = DealPatch()
        patch.title = title
        patch.contactID = contactID
        configure(&patch)
        let input = patch
        return try await database.write { [deals] conn in try deals.create(input, actor: actor, conn) }
    }

    /// Logs an activity of `kind` on whatever `configure` links it to.
    func logActivity(_ kind: ActivityKind, by actor: Actor = .system, _ configure: (inout ActivityInput) -> Void) async throws -> Activity {
        var input = ActivityInput(kind: kind)
        configure(&input)
        let value = input
        return try await database.write { [activities] conn in try activities.create(value, actor: actor, conn) }
    }

    /// Applies a patch to a deal.
    func updateDeal(_ id: String, expectedVersion: Int? = nil, by actor: Actor = .system, _ configure: (inout DealPatch) -> Void) async throws -> Deal {
        var patch = DealPatch()
        configure(&patch)
        let input = patch
        return try await database.write { [deals] conn in try deals.update(id, input, expectedVersion: expectedVersion, actor: actor, conn) }
    }

    /// Applies a patch to a contact.
    func updateContact(_ id: String, expectedVersion: Int? = nil, by actor: Actor = .system, _ configure: (inout ContactPatch) -> Void) async throws -> Contact {
        var patch = ContactPatch()
        configure(&patch)
        let input = patch
        return try await database.write { [contacts] conn in try contacts.update(id, input, expectedVersion: expectedVersion, actor: actor, conn) }
    }

    func contact(_ id: String) async throws -> Contact {
        try await database.read { [contacts] conn in try contacts.get(id, conn) }
    }

    func deal(_ id: String) async throws -> Deal {
        try await database.read { [deals] conn in try deals.get(id, conn) }
    }

    func listContacts(_ configure: (inout ContactQuery) -> Void = { _ in }) async throws -> Page<Contact> {
        var query = ContactQuery()
        configure(&query)
        let value = query
        return try await database.read { [contacts] conn in try contacts.list(value, conn) }
    }

    /// Follows `nextCursor` until the end and returns every page.
    func allContactPages(_ configure: (inout ContactQuery) -> Void) async throws -> [Page<Contact>] {
        var query = ContactQuery()
        configure(&query)
        var pages: [Page<Contact>] = []
        repeat {
            let value = query
            let page = try await database.read { [contacts] conn in try contacts.list(value, conn) }
            pages.append(page)
            query.cursor = page.nextCursor
        } while query.cursor != nil && pages.count < 50
        return pages
    }

    /// The number of rows of a table matching an optional condition.
    func count(_ table: String, where condition: String = "1 = 1", _ binds: [SQLValue] = []) async throws -> Int {
        try await database.read { conn in
            try conn.queryOne("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", binds)?.int("n") ?? -1
        }
    }

    /// The event types stored for one entity, read straight from the `events` table.
    func eventTypes(entityID: String) async throws -> [String] {
        try await database.read { conn in
            try conn.query("SELECT type FROM events WHERE entity_id = ? ORDER BY occurred_at, id", [.text(entityID)]).compactMap { $0.string("type") }
        }
    }

    /// Whether a table exists in the test's database (its SQLite file or PostgreSQL schema).
    func tableExists(_ name: String) async throws -> Bool {
        try await database.read { conn in
            let sql = conn.dialect.dialect == .postgres
                ? "SELECT 1 AS found FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?"
                : "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ?"
            return try conn.queryOne(sql, [.text(name)]) != nil
        }
    }
}

/// An error a write closure throws on purpose, to check that the transaction rolls back.
struct DeliberateFailure: Error {}

/// The field names of a validation error, or nil for any other error.
func validationFields(_ error: CarnetError?) -> [String]? {
    guard case .validation(let errors)? = error else { return nil }
    return errors.map(\.field)
}

/// The stage and missing field names of a stage-rule error, or nil for any other error.
func stageRule(_ error: CarnetError?) -> (stage: String, fields: [String])? {
    guard case .stageRule(let stage, let missing)? = error else { return nil }
    return (stage, missing.map(\.field))
}

/// Whether the error is a `forbidden`.
func isForbidden(_ error: CarnetError?) -> Bool {
    if case .forbidden? = error { return true }
    return false
}

/// 2026-01-01T00:00:00Z, where every test's `ManualClock` starts.
let start2026 = Date(timeIntervalSince1970: 1_767_225_600)
