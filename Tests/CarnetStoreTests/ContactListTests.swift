import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Contact list and search")
struct ContactListTests {
    /// Five contacts whose names sort differently from their creation order.
    static func fiveContacts(_ services: Services) async throws -> [Contact] {
        var made: [Contact] = []
        for (first, last) in [("Zoé", "Adam"), ("Alice", "Martin"), ("Bernard", "Adam"), ("Éloïse", "Bédard"), ("Chloé", "Zola")] {
            made.append(try await services.makeContact(first, last))
        }
        return made
    }

    @Test("the default order is last name, then first name, folding accents", arguments: Backend.available)
    func defaultOrder(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            _ = try await Self.fiveContacts(services)
            let page = try await services.listContacts()
            #expect(page.items.map(\.displayName) == ["Bernard Adam", "Zoé Adam", "Éloïse Bédard", "Alice Martin", "Chloé Zola"])
            #expect(page.nextCursor == nil)
        }
    }

    @Test("keyset paging by two visits each of five contacts exactly once, in order", arguments: Backend.available)
    func keysetPaging(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let made = try await Self.fiveContacts(services)
            let pages = try await services.allContactPages { $0.limit = 2 }
            #expect(pages.map(\.items.count) == [2, 2, 1])
            #expect(pages.last?.nextCursor == nil)
            #expect(pages.dropLast().allSatisfy { $0.nextCursor != nil })
            let names = pages.flatMap(\.items).map(\.displayName)
            #expect(names == ["Bernard Adam", "Zoé Adam", "Éloïse Bédard", "Alice Martin", "Chloé Zola"])
            #expect(Set(pages.flatMap(\.items).map(\.id)) == Set(made.map(\.id)))
        }
    }

    @Test("paging exactly at the end gives no further cursor", arguments: Backend.available)
    func exactPage(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            for last in ["Alves", "Lima"] { _ = try await services.makeContact("Ana", last) }
            let page = try await services.listContacts { $0.limit = 2 }
            #expect(page.items.map(\.lastName) == ["Alves", "Lima"])
            #expect(page.nextCursor == nil)
        }
    }

    @Test("a cursor that the list did not make is malformed, naming cursor", arguments: Backend.available)
    func badCursor(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            _ = try await services.makeContact("Ana", "Lima")
            for cursor in ["not a cursor", Cursor.encode(["only-one"]), "%%%"] {
                let error = await #expect(throws: CarnetError.self) {
                    try await services.listContacts { $0.cursor = cursor }
                }
                guard case .malformed(_, let field)? = error else {
                    Issue.record("expected malformed for \(cursor), got \(String(describing: error))")
                    continue
                }
                #expect(field == "cursor")
                let searchError = await #expect(throws: CarnetError.self) {
                    try await services.listContacts { $0.prefix = "ana"; $0.cursor = cursor }
                }
                guard case .malformed(_, "cursor")? = searchError else {
                    Issue.record("expected malformed in search for \(cursor), got \(String(describing: searchError))")
                    continue
                }
            }
        }
    }

    @Test("prefix search finds by first name, last name, full name, e-mail and company, ignoring case and accents",
          arguments: Backend.available)
    func prefixSearch(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let globex = try await services.makeCompany("Globex Corporation")
            let eloise = try await services.makeContact("Éloïse", "Bédard", email: "ebx@acme.test")
            let marc = try await services.makeContact("Marc", "Östlund", companyID: globex.id)
            let other = try await services.makeContact("Paul", "Durand", email: "paul@durand.test")

            func ids(_ prefix: String) async throws -> Set<String> {
                Set(try await services.listContacts { $0.prefix = prefix }.items.map(\.id))
            }
            #expect(try await ids("ELO") == [eloise.id])
            #expect(try await ids("éloïse") == [eloise.id])
            #expect(try await ids("bed") == [eloise.id])
            #expect(try await ids("Eloise Bé") == [eloise.id])
            #expect(try await ids("eloise   bedard") == [eloise.id])
            #expect(try await ids("EBX@") == [eloise.id])
            #expect(try await ids("ostl") == [marc.id])
            #expect(try await ids("marc ö") == [marc.id])
            #expect(try await ids("globex c") == [marc.id])
            #expect(try await ids("paul@d") == [other.id])
            #expect(try await ids("dur") == [other.id])
            #expect(try await ids("bedard eloise") == [eloise.id])
            #expect(try await ids("lise") == [])
            #expect(try await ids("acme") == [])
            #expect(try await ids("x") == [])
        }
    }

    @Test("a contact matching the prefix on several texts appears once on a page", arguments: Backend.available)
    func searchDeduplicatesWithinPage(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let anna = try await services.makeContact("Anna", "Andersen", email: "anna@andersen.test")
            let page = try await services.listContacts { $0.prefix = "an" }
            #expect(page.items.map(\.id) == [anna.id])
            #expect(page.nextCursor == nil)
        }
    }

    @Test("search paging visits distinct contacts once each, whichever text matched", arguments: Backend.available)
    func searchPaging(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let dunder = try await services.makeCompany("Dunder Mifflin")
            var expected: Set<String> = []
            expected.insert(try await services.makeContact("Dumbo", "Xavier").id)
            expected.insert(try await services.makeContact("Alice", "Dupont").id)
            expected.insert(try await services.makeContact("Bob", "Durand").id)
            expected.insert(try await services.makeContact("Carl", "Young", email: "duke@example.com").id)
            expected.insert(try await services.makeContact("Dora", "Zed", companyID: dunder.id).id)
            expected.insert(try await services.makeContact("Eve", "Duval").id)
            _ = try await services.makeContact("Frank", "Miller", email: "frank@example.com")

            for limit in [1, 2, 4] {
                let pages = try await services.allContactPages { $0.prefix = "du"; $0.limit = limit }
                let ids = pages.flatMap(\.items).map(\.id)
                #expect(ids.count == expected.count, "limit \(limit)")
                #expect(Set(ids) == expected, "limit \(limit)")
                #expect(pages.last?.nextCursor == nil)
                #expect(pages.allSatisfy { $0.items.count <= limit })
            }
            let firstPage = try await services.listContacts { $0.prefix = "du"; $0.limit = 2 }
            #expect(firstPage.items.count == 2)
            #expect(firstPage.nextCursor != nil)
        }
    }

    @Test("filters by owner, tag, company and region, alone and with a search", arguments: Backend.available)
    func filters(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let ana = try await services.makeUser("ana@example.com", role: .member)
            let bea = try await services.makeUser("bea@example.com", name: "Bea Alves", role: .member)
            let acme = try await services.makeCompany("Acme")
            let first = try await services.makeContact(by: ana.actor) { patch in
                patch.firstName = "Carla"; patch.lastName = "Costa"; patch.tags = ["VIP"]; patch.region = "Norte"; patch.companyID = acme.id
            }
            let second = try await services.makeContact(by: bea.actor) { patch in
                patch.firstName = "Carlos"; patch.lastName = "Silva"; patch.tags = ["vip", "golf"]; patch.region = "Sul"
            }
            let third = try await services.makeContact(by: bea.actor) { patch in
                patch.firstName = "Diana"; patch.lastName = "Reis"; patch.region = "Norte"; patch.companyID = acme.id
            }

            func ids(_ configure: (inout ContactQuery) -> Void) async throws -> [String] {
                try await services.listContacts(configure).items.map(\.id)
            }
            #expect(try await ids { $0.ownerID = ana.id } == [first.id])
            #expect(try await ids { $0.ownerID = bea.id } == [third.id, second.id])
            #expect(try await ids { $0.tag = "vip" } == [first.id, second.id])
            #expect(try await ids { $0.tag = "VIP" } == [first.id, second.id])
            #expect(try await ids { $0.tag = "golf" } == [second.id])
            #expect(try await ids { $0.tag = "none" } == [])
            #expect(try await ids { $0.companyID = acme.id } == [first.id, third.id])
            #expect(try await ids { $0.region = "Norte" } == [first.id, third.id])
            #expect(try await ids { $0.region = "Norte"; $0.ownerID = bea.id } == [third.id])
            #expect(try await ids { $0.prefix = "carl" }.count == 2)
            #expect(try await ids { $0.prefix = "carl"; $0.tag = "golf" } == [second.id])
            #expect(try await ids { $0.prefix = "carl"; $0.ownerID = ana.id } == [first.id])
            #expect(try await ids { $0.prefix = "acme"; $0.region = "Norte" }.count == 2)
            #expect(try await ids { $0.prefix = "acme"; $0.region = "Sul" } == [])
        }
    }

    @Test("findByEmail and findByExternalRef find live contacts", arguments: Backend.available)
    func finders(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let contact = try await services.makeContact { $0.lastName = "Lima"; $0.email = "Ana@Example.com"; $0.externalRef = "X-1" }
            let byEmail = try await services.database.read { conn in try services.contacts.findByEmail(" ANA@example.COM ", conn) }
            #expect(byEmail?.id == contact.id)
            let byRef = try await services.database.read { conn in try services.contacts.findByExternalRef("X-1", conn) }
            #expect(byRef?.id == contact.id)
            let none = try await services.database.read { conn in try services.contacts.findByEmail("other@example.com", conn) }
            #expect(none == nil)
        }
    }
}
