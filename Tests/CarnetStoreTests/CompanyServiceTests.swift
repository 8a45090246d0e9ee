import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Company service")
struct CompanyServiceTests {
    static func companies(_ services: Services, _ configure: (inout CompanyQuery) -> Void) async throws -> Page<Company> {
        var query = CompanyQuery()
        configure(&query)
        let value = query
        return try await services.database.read { conn in try services.companies.list(value, conn) }
    }

    @Test("create then get round-trips every field", arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let owner = try await services.makeUser()
            var patch = CompanyPatch()
            patch.name = "  Société Générale d'Exemple "
            patch.industry = "Banking"
            patch.size = 1200
            patch.annualRevenue = 9_876_543_210_00
            patch.currency = .some(CurrencyCode("USD"))
            patch.region = "Grand Est"
            patch.country = "fr"
            patch.website = "https://example.fr"
            patch.customFields = ["tier": .string("gold"), "partners": .number(3)]
            let input = patch
            let created = try await services.database.write { conn in try services.companies.create(input, actor: owner.actor, conn) }
            let fetched = try await services.database.read { conn in try services.companies.get(created.id, conn) }
            #expect(fetched == created)
            #expect(fetched.id.hasPrefix("com_"))
            #expect(fetched.name == "Société Générale d'Exemple")
            #expect(fetched.industry == "Banking")
            #expect(fetched.size == 1200)
            #expect(fetched.annualRevenue == 9_876_543_210_00)
            #expect(fetched.currency?.code == "USD")
            #expect(fetched.country == "FR")
            #expect(fetched.website == "https://example.fr")
            #expect(fetched.ownerID == owner.id)
            #expect(fetched.customFields == ["tier": .string("gold"), "partners": .number(3)])
            #expect(fetched.version == 1 && fetched.createdAt == start2026)
            #expect(try await services.eventTypes(entityID: created.id) == ["company.created"])
        }
    }

    @Test("a company without a name is refused and nothing is stored", arguments: Backend.available)
    func nameRequired(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let error = await #expect(throws: CarnetError.self) { try await services.makeCompany("   ") }
            #expect(validationFields(error) == ["name"])
            #expect(try await services.count("companies") == 0)
        }
    }

    @Test("update bumps the version, audits the change and checks the expected version", arguments: Backend.available)
    func update(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let company = try await services.makeCompany("Acme")
            clock.advance(by: 60)
            var patch = CompanyPatch()
            patch.industry = "Anvils"
            patch.size = 12
            let input = patch
            let updated = try await services.database.write { conn in
                try services.companies.update(company.id, input, expectedVersion: 1, actor: .system, conn)
            }
            #expect(updated.version == 2 && updated.industry == "Anvils" && updated.size == 12)
            #expect(updated.updatedAt == start2026.addingTimeInterval(60))
            let stored = try await services.database.read { conn in try services.companies.get(company.id, conn) }
            #expect(stored == updated)
            let trail = try await services.database.read { conn in try services.changes.auditTrail(entity: "company", id: company.id, conn) }
            // Rows written in one change share their instant; their order among themselves is not defined.
            #expect(trail.map(\.field).sorted() == ["industry", "size"])

            let error = await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in try services.companies.update(company.id, input, expectedVersion: 1, actor: .system, conn) }
            }
            #expect(error == .versionConflict(entity: "company", id: company.id, expected: 1, actual: 2))
            #expect(try await services.eventTypes(entityID: company.id) == ["company.created", "company.updated"])
        }
    }

    @Test("list by name prefix ignores case and accents and pages by name", arguments: Backend.available)
    func listByPrefix(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            for name in ["Émeraude SA", "Acme", "emerald ltd", "Emerson", "Globex"] { _ = try await services.makeCompany(name) }
            let all = try await Self.companies(services) { _ in }
            #expect(all.items.map(\.name) == ["Acme", "emerald ltd", "Émeraude SA", "Emerson", "Globex"])
            let eme = try await Self.companies(services) { $0.prefix = "EME" }
            #expect(eme.items.map(\.name) == ["emerald ltd", "Émeraude SA", "Emerson"])
            #expect(try await Self.companies(services) { $0.prefix = "émeraude" }.items.map(\.name) == ["Émeraude SA"])
            #expect(try await Self.companies(services) { $0.prefix = "zz" }.items.isEmpty)

            var names: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await Self.companies(services) { $0.prefix = "em"; $0.limit = 2; $0.cursor = cursor }
                names += page.items.map(\.name)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(names == ["emerald ltd", "Émeraude SA", "Emerson"])
            #expect(pages == 2)
        }
    }

    @Test("renaming a company makes its contacts findable by the new name, not the old", arguments: Backend.available)
    func renameUpdatesContactSearch(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let company = try await services.makeCompany("Initech")
            let contact = try await services.makeContact("Peter", "Gibbons", companyID: company.id)
            let bystander = try await services.makeContact("Milton", "Waddams")
            #expect(try await services.listContacts { $0.prefix = "initech" }.items.map(\.id) == [contact.id])

            var patch = CompanyPatch()
            patch.name = "Intertrode Systems"
            let input = patch
            _ = try await services.database.write { conn in try services.companies.update(company.id, input, expectedVersion: nil, actor: .system, conn) }

            #expect(try await services.listContacts { $0.prefix = "initech" }.items.isEmpty)
            #expect(try await services.listContacts { $0.prefix = "intertrode sys" }.items.map(\.id) == [contact.id])
            #expect(try await services.listContacts { $0.prefix = "milton" }.items.map(\.id) == [bystander.id])
            #expect(try await services.contact(contact.id).version == 1)
        }
    }

    @Test("moving a contact to another company makes it findable by that company's name only", arguments: Backend.available)
    func contactChangesCompany(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let initech = try await services.makeCompany("Initech")
            let hooli = try await services.makeCompany("Hooli")
            let contact = try await services.makeContact("Peter", "Gibbons", companyID: initech.id)
            _ = try await services.updateContact(contact.id) { $0.companyID = hooli.id }
            #expect(try await services.listContacts { $0.prefix = "initech" }.items.isEmpty)
            #expect(try await services.listContacts { $0.prefix = "hool" }.items.map(\.id) == [contact.id])
            _ = try await services.updateContact(contact.id) { $0.companyID = .some(nil) }
            #expect(try await services.listContacts { $0.prefix = "hool" }.items.isEmpty)
            #expect(try await services.listContacts { $0.companyID = hooli.id }.items.isEmpty)
        }
    }

    @Test("archive hides a company; restore needs a manager", arguments: Backend.available)
    func archive(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let member = try await services.makeUser("member@example.com", role: .member)
            let company = try await services.makeCompany("Acme")
            let archived = try await services.database.write { conn in try services.companies.setArchived(company.id, true, expectedVersion: 1, actor: member.actor, conn) }
            #expect(archived.archivedAt != nil && archived.version == 2)
            #expect(try await Self.companies(services) { _ in }.items.isEmpty)
            #expect(try await Self.companies(services) { $0.archived = true }.items.map(\.id) == [company.id])

            let error = await #expect(throws: CarnetError.self) {
                try await services.makeContact("Ana", "Lima", companyID: company.id)
            }
            #expect(validationFields(error) == ["company_id"])

            let forbidden = await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in try services.companies.setArchived(company.id, false, expectedVersion: nil, actor: member.actor, conn) }
            }
            #expect(isForbidden(forbidden))
            _ = try await services.database.write { conn in try services.companies.setArchived(company.id, false, expectedVersion: nil, actor: .system, conn) }
            #expect(try await Self.companies(services) { _ in }.items.map(\.id) == [company.id])
        }
    }
}
