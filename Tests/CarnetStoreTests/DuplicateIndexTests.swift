import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Duplicate index")
struct DuplicateIndexTests {
    /// Eight contacts: three pairs to find (one by e-mail, one by phone, one by name at one
    /// company), a namesake at another company and a stranger that must not pair.
    func fixture(_ services: Services) async throws -> [String: Contact] {
        let acme = try await services.makeCompany("Acme")
        let globex = try await services.makeCompany("Globex")
        var contacts: [String: Contact] = [:]
        contacts["jean"] = try await services.makeContact { $0.firstName = "Jean"; $0.lastName = "Dupont"; $0.email = "jean@acme.fr" }
        contacts["jean2"] = try await services.makeContact { $0.firstName = "J."; $0.lastName = "Durand"; $0.email = " JEAN@ACME.FR" }
        contacts["ana"] = try await services.makeContact { $0.firstName = "Ana"; $0.lastName = "Lima"; $0.phones = .some(["06 12 34 56 78"]) }
        contacts["anna"] = try await services.makeContact { $0.firstName = "Anna"; $0.lastName = "Lima"; $0.phones = .some(["0033 6 12 34 56 78"]) }
        contacts["marie"] = try await services.makeContact { $0.firstName = "Marie"; $0.lastName = "Martin"; $0.companyID = .some(acme.id) }
        contacts["marie2"] = try await services.makeContact { $0.firstName = "Maria"; $0.lastName = "Martin"; $0.companyID = .some(acme.id) }
        contacts["marie3"] = try await services.makeContact { $0.firstName = "Marie"; $0.lastName = "Martin"; $0.companyID = .some(globex.id) }
        contacts["paul"] = try await services.makeContact { $0.firstName = "Paul"; $0.lastName = "Durand"; $0.email = "paul@globex.com" }
        return contacts
    }

    /// The listed pairs as "name+name score reasons", with the fixture's names.
    func listed(_ services: Services, _ names: [String: Contact], threshold: Double = 0) async throws -> [String] {
        let byID = Dictionary(uniqueKeysWithValues: names.map { ($0.value.id, $0.key) })
        let page = try await services.database.read { conn in try services.duplicates.list(.contact, threshold: threshold, limit: 50, cursor: nil, conn) }
        return page.items.map { pair in
            guard case .object(let a) = pair.first, case .object(let b) = pair.second, case .string(let first)? = a["id"], case .string(let second)? = b["id"] else { return "?" }
            let pairNames = [byID[first] ?? first, byID[second] ?? second].sorted().joined(separator: "+")
            return "\(pairNames) \(pair.score) " + pair.reasons.map { $0.code + ($0.similarity.map { ":\($0)" } ?? "") }.joined(separator: ",")
        }
    }

    @Test("each write finds the pairs sharing a key, with their reasons, best first", arguments: Backend.available)
    func incremental(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services in
            let contacts = try await fixture(services)
            // jean/jean2: 0.9; ana/anna: 1 − 0.3 × (1 − 0.6 × 0.97) = 0.875; marie/marie2: 1 − (1 − 0.6 × 0.948) × 0.5 = 0.784
            // (Soundex M635 at Acme); marie/marie3 share no key (another company).
            #expect(try await listed(services, contacts) == [
                "jean+jean2 0.9 same_email",
                "ana+anna 0.875 same_phone,similar_name:0.97",
                "marie+marie2 0.784 similar_name:0.948,same_company",
            ])
            #expect(try await listed(services, contacts, threshold: 0.8).count == 2)
        }
    }

    @Test("a full rebuild finds exactly what the writes found", arguments: Backend.available)
    func rebuild(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services in
            let contacts = try await fixture(services)
            let incremental = try await listed(services, contacts)
            let report = try await services.database.write { conn in
                try conn.execute("DELETE FROM duplicate_pairs")
                try conn.execute("DELETE FROM duplicate_keys")
                return try services.duplicates.rebuild(.contact, conn)
            }
            #expect(report == DuplicateScanReport(entityType: .contact, records: 8, keys: 13, pairs: 3))
            #expect(try await listed(services, contacts) == incremental)
        }
    }

    @Test("changing, archiving and restoring a contact update its pairs; a dismissed pair stays hidden", arguments: Backend.available)
    func lifecycle(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services in
            let contacts = try await fixture(services)
            let jean2 = try #require(contacts["jean2"]), paul = try #require(contacts["paul"])
            _ = try await services.database.write { conn in
                var patch = ContactPatch()
                patch.email = "paul@globex.com"
                return try services.contacts.update(jean2.id, patch, expectedVersion: nil, actor: .system, conn)
            }
            // "j. durand" and "paul durand" are only 0.757 alike: the e-mail alone.
            #expect(try await listed(services, contacts).first == "jean2+paul 0.9 same_email")
            _ = try await services.database.write { conn in try services.contacts.archive(paul.id, expectedVersion: nil, actor: .system, conn) }
            #expect(try await listed(services, contacts).count == 2)
            _ = try await services.database.write { conn in try services.contacts.restore(paul.id, actor: .system, conn) }
            #expect(try await listed(services, contacts).count == 3)
            _ = try await services.database.write { conn in try services.duplicates.dismiss(DismissRequest(firstID: paul.id, secondID: jean2.id), actor: .system, conn) }
            #expect(try await listed(services, contacts).count == 2)
        }
    }

    @Test("keeping the index costs little per write (printed, not asserted)", arguments: Backend.available)
    func cost(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services in
            _ = try await fixture(services)
            var with: Duration = .zero, without: Duration = .zero
            for index in 0..<200 {
                var patch = ContactPatch()
                patch.firstName = "Person"
                patch.lastName = "Name\(index % 40)"
                patch.email = "p\(index % 150)@example.com"
                patch.phones = .some(["06 12 34 \(10 + index % 80) 00"])
                let input = patch
                let started = ContinuousClock.now
                let contact = try await services.database.write { conn in try services.contacts.create(input, actor: .system, conn) }
                with += ContinuousClock.now - started
                let region = services.context.dataQuality.phoneRegion
                let again = ContinuousClock.now
                try await services.database.write { conn in
                    let index = DuplicateIndex(region: region)
                    try index.refresh(.contact, id: contact.id, profile: nil, previous: nil, conn)
                    try index.refresh(.contact, id: contact.id, profile: DuplicateProfile(contact: contact, region: region), previous: nil, conn)
                }
                without += ContinuousClock.now - again
            }
            print("duplicate-index-cost \(backend): create with the index \(with / 200) per write; forgetting and re-deriving one contact's keys and pairs alone \(without / 200)")
        }
    }
}
