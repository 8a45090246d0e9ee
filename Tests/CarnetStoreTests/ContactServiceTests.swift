import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Contact service")
struct ContactServiceTests {
    @Test("create then get round-trips every field", arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let owner = try await services.makeUser("owner@example.com", name: "Olga Owner")
            let company = try await services.makeCompany("Globex")
            let created = try await services.makeContact { patch in
                patch.firstName = "  Éloïse "
                patch.lastName = "Bédard"
                patch.email = "Eloise.Bedard@Example.COM"
                patch.emails = ["Eloise@Home.example", " ", "e.b@work.example"]
                patch.phones = ["+33 1 23 45 67 89", "  "]
                patch.title = "Head of Purchasing"
                patch.companyID = company.id
                patch.street = "12 rue de la Paix"
                patch.postcode = "75002"
                patch.city = "Paris"
                patch.region = "Île-de-France"
                patch.country = "fr"
                patch.source = "fair"
                patch.externalRef = "ERP-42"
                patch.tags = ["VIP", "vip", "Paris"]
                patch.ownerID = owner.id
                patch.emailOptIn = true
                patch.doNotEmail = true
                patch.customFields = ["score": .number(7), "ratio": .number(0.5), "vegan": .bool(true), "note": .string("prefers mornings"),
                                      "langs": .array([.string("fr"), .string("en")])]
            }
            let fetched = try await services.contact(created.id)
            #expect(fetched == created)
            #expect(fetched.id.hasPrefix("con_"))
            #expect(fetched.firstName == "Éloïse")
            #expect(fetched.lastName == "Bédard")
            #expect(fetched.email == "eloise.bedard@example.com")
            #expect(fetched.emails == ["eloise@home.example", "e.b@work.example"])
            #expect(fetched.phones == ["+33 1 23 45 67 89"])
            #expect(fetched.title == "Head of Purchasing")
            #expect(fetched.companyID == company.id)
            #expect(fetched.street == "12 rue de la Paix")
            #expect(fetched.postcode == "75002")
            #expect(fetched.city == "Paris")
            #expect(fetched.region == "Île-de-France")
            #expect(fetched.country == "FR")
            #expect(fetched.source == "fair")
            #expect(fetched.externalRef == "ERP-42")
            #expect(fetched.tags == ["VIP", "Paris"])
            #expect(fetched.ownerID == owner.id)
            #expect(fetched.emailOptIn == true)
            #expect(fetched.doNotEmail == true)
            #expect(fetched.customFields == ["score": .number(7), "ratio": .number(0.5), "vegan": .bool(true),
                                             "note": .string("prefers mornings"), "langs": .array([.string("fr"), .string("en")])])
            #expect(fetched.version == 1)
            #expect(fetched.createdAt == start2026)
            #expect(fetched.updatedAt == start2026)
            #expect(fetched.archivedAt == nil)
            #expect(try await services.count("contact_tags", where: "contact_id = ?", [.text(created.id)]) == 2)
            #expect(try await services.eventTypes(entityID: created.id) == ["contact.created"])
        }
    }

    @Test("false booleans and empty lists round-trip too", arguments: Backend.available)
    func roundTripDefaults(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let created = try await services.makeContact { patch in
                patch.email = "only@example.com"
                patch.emailOptIn = false
            }
            let fetched = try await services.contact(created.id)
            #expect(fetched == created)
            #expect(fetched.firstName == nil && fetched.lastName == nil)
            #expect(fetched.emailOptIn == false && fetched.doNotEmail == false)
            #expect(fetched.emails == [] && fetched.tags == [] && fetched.customFields == [:])
        }
    }

    @Test("the owner defaults to the acting user", arguments: Backend.available)
    func ownerDefaultsToActor(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let member = try await services.makeUser(role: .member)
            let contact = try await services.makeContact("Ana", "Lima", by: member.actor)
            #expect(contact.ownerID == member.id)
            #expect(try await services.contact(contact.id).ownerID == member.id)
            let events = try await services.database.read { conn in try services.changes.events(entity: "contact", id: contact.id, conn) }
            #expect(events.map(\.actorID) == [member.id])
        }
    }

    @Test("an unknown company_id is refused naming company_id, and nothing is stored", arguments: Backend.available)
    func unknownCompany(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let error = await #expect(throws: CarnetError.self) {
                try await services.makeContact("Ana", "Lima", companyID: "com_doesnotexist")
            }
            #expect(validationFields(error) == ["company_id"])
            #expect(try await services.count("contacts") == 0)
            #expect(try await services.count("contact_tags") == 0)
            #expect(try await services.count("events", where: "entity_type = 'contact'") == 0)
        }
    }

    @Test("an unknown owner_id is refused naming owner_id", arguments: Backend.available)
    func unknownOwner(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let error = await #expect(throws: CarnetError.self) {
                try await services.makeContact { $0.lastName = "Lima"; $0.ownerID = "usr_nobody" }
            }
            #expect(validationFields(error) == ["owner_id"])
            #expect(try await services.count("contacts") == 0)
        }
    }

    @Test("a readonly user may not create, update or archive", arguments: Backend.available)
    func readonlyForbidden(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let reader = try await services.makeUser("reader@example.com", role: .readonly)
            let error = await #expect(throws: CarnetError.self) {
                try await services.makeContact("Ana", "Lima", by: reader.actor)
            }
            #expect(isForbidden(error))
            #expect(try await services.count("contacts") == 0)

            let contact = try await services.makeContact("Ana", "Lima")
            let updateError = await #expect(throws: CarnetError.self) {
                try await services.updateContact(contact.id, by: reader.actor) { $0.firstName = "Anna" }
            }
            #expect(isForbidden(updateError))
            let archiveError = await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in try services.contacts.archive(contact.id, expectedVersion: nil, actor: reader.actor, conn) }
            }
            #expect(isForbidden(archiveError))
            let stored = try await services.contact(contact.id)
            #expect(stored == contact)
        }
    }

    @Test("an update with a stale version is a conflict and changes nothing", arguments: Backend.available)
    func staleVersion(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            clock.advance(by: 10)
            let v2 = try await services.updateContact(contact.id, expectedVersion: 1) { $0.firstName = "Anna" }
            #expect(v2.version == 2)
            clock.advance(by: 10)
            let error = await #expect(throws: CarnetError.self) {
                try await services.updateContact(contact.id, expectedVersion: 1) { $0.firstName = "Hannah" }
            }
            #expect(error == .versionConflict(entity: "contact", id: contact.id, expected: 1, actual: 2))
            let stored = try await services.contact(contact.id)
            #expect(stored == v2)
            #expect(stored.firstName == "Anna")
            #expect(stored.updatedAt == start2026.addingTimeInterval(10))
            #expect(try await services.eventTypes(entityID: contact.id) == ["contact.created", "contact.updated"])
        }
    }

    @Test("the version in the patch body is checked like If-Match", arguments: Backend.available)
    func versionInPatch(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let error = await #expect(throws: CarnetError.self) {
                try await services.updateContact(contact.id) { $0.version = 7; $0.firstName = "Anna" }
            }
            #expect(error == .versionConflict(entity: "contact", id: contact.id, expected: 7, actual: 1))
            #expect(try await services.contact(contact.id).firstName == "Ana")
        }
    }

    @Test("an update bumps version and updated_at, writes audit rows and a contact.updated event with old and new values", arguments: Backend.available)
    func updateAuditsAndEvents(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let editor = try await services.makeUser("editor@example.com", role: .member)
            let contact = try await services.makeContact { patch in
                patch.firstName = "Ana"
                patch.lastName = "Lima"
                patch.tags = ["lead"]
                patch.customFields = ["size": .string("S")]
            }
            clock.advance(by: 90)
            let updated = try await services.updateContact(contact.id, expectedVersion: 1, by: editor.actor) { patch in
                patch.firstName = "Anna"
                patch.tags = ["lead", "VIP"]
                patch.city = "Lyon"
                patch.customFields = ["size": .string("M")]
            }
            #expect(updated.version == 2)
            #expect(updated.updatedAt == start2026.addingTimeInterval(90))
            #expect(updated.createdAt == start2026)
            #expect(try await services.contact(contact.id) == updated)

            let trail = try await services.database.read { conn in try services.changes.auditTrail(entity: "contact", id: contact.id, conn) }
            // Rows written in one change share their instant; their order among themselves is not defined.
            #expect(trail.map(\.field).sorted() == ["city", "custom.size", "first_name", "tags"])
            #expect(trail.allSatisfy { $0.actorID == editor.id && $0.at == start2026.addingTimeInterval(90) })
            let byField = Dictionary(uniqueKeysWithValues: trail.map { ($0.field, $0) })
            #expect(byField["first_name"]?.old == .string("Ana"))
            #expect(byField["first_name"]?.new == .string("Anna"))
            #expect(byField["city"]?.old == .null)
            #expect(byField["city"]?.new == .string("Lyon"))
            #expect(byField["custom.size"]?.new == .string("M"))
            #expect(byField["tags"]?.old == .array([.string("lead")]))
            #expect(byField["tags"]?.new == .array([.string("lead"), .string("VIP")]))

            let events = try await services.database.read { conn in try services.changes.events(entity: "contact", id: contact.id, conn) }
            #expect(events.map(\.type) == ["contact.created", "contact.updated"])
            let payload = try #require(events.last?.payload)
            #expect(payload == .object([
                "first_name": .object(["old": .string("Ana"), "new": .string("Anna")]),
                "city": .object(["old": .null, "new": .string("Lyon")]),
                "custom.size": .object(["old": .string("S"), "new": .string("M")]),
                "tags": .object(["old": .array([.string("lead")]), "new": .array([.string("lead"), .string("VIP")])]),
            ]))
            #expect(events.last?.actorID == editor.id)

            let tags = try await services.database.read { conn in
                try conn.query("SELECT tag FROM contact_tags WHERE contact_id = ? ORDER BY tag", [.text(contact.id)]).compactMap { $0.string("tag") }
            }
            #expect(tags == ["lead", "vip"])
        }
    }

    @Test("a patch that changes nothing keeps the version and writes no event", arguments: Backend.available)
    func noOpPatch(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let contact = try await services.makeContact { $0.firstName = "Ana"; $0.lastName = "Lima"; $0.country = "PT" }
            clock.advance(by: 30)
            let same = try await services.updateContact(contact.id, expectedVersion: 1) { patch in
                patch.firstName = " Ana "
                patch.country = "pt"
            }
            #expect(same.version == 1)
            #expect(same.updatedAt == start2026)
            #expect(try await services.contact(contact.id) == contact)
            #expect(try await services.eventTypes(entityID: contact.id) == ["contact.created"])
            #expect(try await services.count("audit_log") == 0)
        }
    }

    @Test("a field set to null is cleared", arguments: Backend.available)
    func clearField(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let contact = try await services.makeContact { $0.firstName = "Ana"; $0.lastName = "Lima"; $0.city = "Porto"; $0.tags = ["a"] }
            let updated = try await services.updateContact(contact.id) { patch in
                patch.city = .some(nil)
                patch.tags = .some(nil)
            }
            #expect(updated.city == nil && updated.tags == [])
            let stored = try await services.contact(contact.id)
            #expect(stored.city == nil && stored.tags == [] && stored.version == 2)
            #expect(try await services.count("contact_tags") == 0)
        }
    }

    @Test("archive hides a contact from the list, archived lists it, restore brings it back", arguments: Backend.available)
    func archiveAndRestore(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let member = try await services.makeUser("member@example.com", role: .member)
            let manager = try await services.makeUser("manager@example.com", role: .manager)
            let kept = try await services.makeContact("Bea", "Alves")
            let contact = try await services.makeContact("Ana", "Lima")
            clock.advance(by: 5)

            let archived = try await services.database.write { conn in
                try services.contacts.archive(contact.id, expectedVersion: 1, actor: member.actor, conn)
            }
            #expect(archived.archivedAt == start2026.addingTimeInterval(5))
            #expect(archived.version == 2)
            #expect(try await services.contact(contact.id) == archived)
            #expect(try await services.listContacts().items.map(\.id) == [kept.id])
            #expect(try await services.listContacts { $0.archived = true }.items.map(\.id) == [contact.id])
            #expect(try await services.listContacts { $0.prefix = "lima" }.items.isEmpty)

            let error = await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in try services.contacts.restore(contact.id, actor: member.actor, conn) }
            }
            #expect(isForbidden(error))
            #expect(try await services.contact(contact.id).archivedAt != nil)

            clock.advance(by: 5)
            let restored = try await services.database.write { conn in try services.contacts.restore(contact.id, actor: manager.actor, conn) }
            #expect(restored.archivedAt == nil)
            #expect(restored.version == 3)
            #expect(try await services.contact(contact.id) == restored)
            #expect(try await Set(services.listContacts().items.map(\.id)) == [kept.id, contact.id])
            #expect(try await services.listContacts { $0.archived = true }.items.isEmpty)
            #expect(try await services.eventTypes(entityID: contact.id) == ["contact.created", "contact.archived", "contact.restored"])
        }
    }

    @Test("erase removes the row, its tags and its activities without deal, and blanks older event payloads", arguments: Backend.available)
    func erase(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let admin = try await services.makeUser("admin@example.com", role: .admin)
            let contact = try await services.makeContact { $0.firstName = "Ana"; $0.lastName = "Lima"; $0.tags = ["vip", "paris"] }
            let other = try await services.makeContact { $0.firstName = "Bea"; $0.lastName = "Alves"; $0.tags = ["vip"] }
            clock.advance(by: 1)
            _ = try await services.updateContact(contact.id) { $0.city = "Lisbon" }
            let deal = try await services.makeDeal("Big deal", contactID: contact.id)
            let note = try await services.logActivity(.note) { $0.contactID = contact.id; $0.body = "private notes" }
            let onDeal = try await services.logActivity(.call) { $0.contactID = contact.id; $0.dealID = deal.id; $0.subject = "Called Ana" }
            let otherNote = try await services.logActivity(.note) { $0.contactID = other.id }
            clock.advance(by: 1)

            let error = await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in
                    try services.contacts.erase(contact.id, actor: Actor(userID: nil, role: .manager, name: "mgr"), conn)
                }
            }
            #expect(isForbidden(error))
            #expect(try await services.count("contacts") == 2)

            try await services.database.write { conn in try services.contacts.erase(contact.id, actor: admin.actor, conn) }

            let gone = await #expect(throws: CarnetError.self) { try await services.contact(contact.id) }
            #expect(gone == .notFound(entity: "contact", id: contact.id))
            #expect(try await services.count("contacts") == 1)
            #expect(try await services.count("contact_tags", where: "contact_id = ?", [.text(contact.id)]) == 0)
            #expect(try await services.count("contact_tags", where: "contact_id = ?", [.text(other.id)]) == 1)
            #expect(try await services.count("activities", where: "id = ?", [.text(note.id)]) == 0)
            #expect(try await services.count("activities", where: "id = ?", [.text(otherNote.id)]) == 1)
            let kept = try await services.database.read { conn in try services.activities.get(onDeal.id, conn) }
            #expect(kept.contactID == nil && kept.subject == nil && kept.dealID == deal.id)
            #expect(try await services.deal(deal.id).contactID == nil)
            #expect(try await services.count("audit_log", where: "entity_type = 'contact' AND entity_id = ?", [.text(contact.id)]) == 0)

            let events = try await services.database.read { conn in try services.changes.events(entity: "contact", id: contact.id, conn) }
            #expect(events.map(\.type) == ["contact.created", "contact.updated", "contact.erased"])
            #expect(events.allSatisfy { $0.payload == .object(["erased": .bool(true)]) })
            #expect(events.last?.actorID == admin.id)
            let otherEvents = try await services.database.read { conn in try services.changes.events(entity: "contact", id: other.id, conn) }
            #expect(otherEvents.first?.payload != .object(["erased": .bool(true)]))
        }
    }
}
