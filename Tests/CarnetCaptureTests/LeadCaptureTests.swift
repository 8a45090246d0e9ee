import CarnetCapture
import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// Capturing leads through the core services: new contacts, matching by e-mail, events.
@Suite("Lead capture")
struct LeadCaptureTests {
    @Test("a new lead becomes a contact with its company, tags, source, consent and a deal in lead; lead.captured says so", arguments: Backend.available)
    func newLead(backend: Backend) async throws {
        try await CaptureWorld.with(backend) { world in
            let form = try await world.whitepaper()
            let outcome = try await world.submit(form, [
                "first_name": "Ana", "last_name": "Lima", "email": "Ana@Example.com", "phone": "+33 6 12 34 56 78", "company": "Acme",
                "industry": "Retail", "country": "fr", "need": "<script>alert(1)</script>", "consent": "on", "utm_source": "newsletter",
            ])
            #expect(outcome.created)
            let contact = try await world.contact(outcome.contactID)
            #expect(contact.email == "ana@example.com")
            #expect(contact.phones == ["+33 6 12 34 56 78"])
            #expect(contact.country == "FR")
            #expect(contact.tags == ["whitepaper"])
            #expect(contact.source == "form:whitepaper")
            #expect(contact.emailOptIn)
            #expect(contact.customFields == ["need": .string("<script>alert(1)</script>")])
            let company = try await world.services.database.read { [services = world.services] conn in try services.companies.get(contact.companyID ?? "", conn) }
            #expect(company.name == "Acme")
            #expect(company.industry == "Retail")
            let dealID = try #require(outcome.dealID)
            let deal = try await world.services.database.read { [services = world.services] conn in try services.deals.get(dealID, conn) }
            #expect(deal.stage == "lead")
            #expect(deal.title == "Whitepaper — Ana Lima")
            #expect(deal.contactID == contact.id)
            #expect(deal.companyID == company.id)
            #expect(deal.nextAction == "Contact the lead")
            #expect(deal.nextActionAt == world.clock.now.addingTimeInterval(24 * 3600))
            #expect(try await world.count("capture_submissions", where: "contact_id = '\(contact.id)' AND utm_source = 'newsletter' AND created = 1") == 1)
            let events = try await world.services.database.read { [services = world.services] conn in
                try services.changes.events(entity: "contact", id: contact.id, conn)
            }
            #expect(events.map(\.type) == ["contact.created", "lead.captured"])
            guard case .object(let payload)? = events.last?.payload else { Issue.record("lead.captured has no object payload"); return }
            #expect(payload["form_slug"] == .string("whitepaper"))
            #expect(payload["form_id"] == .string(form.id))
            #expect(payload["created"] == .bool(true))
            #expect(payload["deal_id"] == .string(dealID))
            #expect(payload["utm_source"] == .string("newsletter"))
            #expect(payload["utm_medium"] == .null)
            #expect(payload["referrer"] == .null)
        }
    }

    @Test("a lead whose e-mail is a contact's fills its empty fields, adds tags, logs a note, and makes no duplicate nor deal", arguments: Backend.available)
    func matchesByEmail(backend: Backend) async throws {
        try await CaptureWorld.with(backend) { world in
            let owner = try await world.user("olga@example.com")
            let existing = try await world.services.database.write { [services = world.services] conn in
                var patch = ContactPatch()
                patch.lastName = "Dupont"
                patch.email = "ana@example.com"
                patch.tags = ["VIP"]
                patch.ownerID = owner.id
                return try services.contacts.create(patch, actor: .system, conn)
            }
            let form = try await world.whitepaper()
            let outcome = try await world.submit(form, ["first_name": "Ana", "last_name": "Lima", "email": " ANA@example.com ", "region": "Bretagne"])
            #expect(!outcome.created)
            #expect(outcome.contactID == existing.id)
            #expect(outcome.dealID == nil)
            #expect(outcome.ownerID == owner.id)
            let contact = try await world.contact(existing.id)
            #expect(contact.firstName == "Ana")
            #expect(contact.lastName == "Dupont")
            #expect(contact.region == "Bretagne")
            #expect(contact.tags == ["VIP", "whitepaper"])
            #expect(contact.source == "form:whitepaper")
            #expect(try await world.count("contacts") == 1)
            #expect(try await world.count("deals") == 0)
            let notes = try await world.services.database.read { [services = world.services] conn in
                try services.activities.list(ActivityQuery(contactID: existing.id), conn).items
            }
            #expect(notes.map(\.kind) == [.note])
            #expect(notes.first?.body == "Sent the form “Whitepaper” again: empty fields filled in, nothing overwritten.")
            #expect(try await world.count("audit_log", where: "entity_type = 'contact' AND entity_id = '\(existing.id)' AND field = 'last_name'") == 0)
            #expect(try await world.count("audit_log", where: "entity_type = 'contact' AND entity_id = '\(existing.id)' AND field = 'first_name'") == 1)
        }
    }

    @Test("a company is matched by name ignoring case and accents, not created twice", arguments: Backend.available)
    func companyMatch(backend: Backend) async throws {
        try await CaptureWorld.with(backend) { world in
            let form = try await world.whitepaper(createDeal: false)
            let first = try await world.submit(form, ["last_name": "Lima", "email": "ana@example.com", "company": "Société Générale"])
            let second = try await world.submit(form, ["last_name": "Roy", "email": "roy@example.com", "company": "SOCIETE GENERALE"])
            #expect(try await world.contact(first.contactID).companyID == world.contact(second.contactID).companyID)
            #expect(try await world.count("companies") == 1)
            #expect(try await world.count("deals") == 0)
        }
    }
}
