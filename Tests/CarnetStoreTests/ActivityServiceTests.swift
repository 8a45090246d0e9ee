import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Activity service")
struct ActivityServiceTests {
    static func timeline(_ services: Services, _ configure: (inout ActivityQuery) -> Void) async throws -> Page<Activity> {
        var query = ActivityQuery()
        configure(&query)
        let value = query
        return try await services.database.read { conn in try services.activities.list(value, conn) }
    }

    @Test("an activity needs a contact, a deal or a company, and nothing is stored otherwise", arguments: Backend.available)
    func needsAnOwnerEntity(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let error = await #expect(throws: CarnetError.self) {
                try await services.logActivity(.note) { $0.subject = "floating" }
            }
            #expect(validationFields(error) == ["contact_id"])
            #expect(try await services.count("activities") == 0)
            #expect(try await services.count("events", where: "entity_type = 'activity'") == 0)
        }
    }

    @Test("unknown ids are refused naming each field", arguments: Backend.available)
    func unknownReferences(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let dealError = await #expect(throws: CarnetError.self) {
                try await services.logActivity(.call) { $0.contactID = contact.id; $0.dealID = "deal_missing" }
            }
            #expect(validationFields(dealError) == ["deal_id"])
            let allError = await #expect(throws: CarnetError.self) {
                try await services.logActivity(.call) { $0.contactID = "con_x"; $0.companyID = "com_x"; $0.userID = "usr_x" }
            }
            #expect(validationFields(allError) == ["contact_id", "company_id", "user_id"])
            #expect(try await services.count("activities") == 0)
        }
    }

    @Test("create then get round-trips the activity, logged by the actor", arguments: Backend.available)
    func roundTrip(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let user = try await services.makeUser()
            let contact = try await services.makeContact("Ana", "Lima")
            let company = try await services.makeCompany("Acme")
            let when = start2026.addingTimeInterval(-3_600)
            let activity = try await services.logActivity(.meeting, by: user.actor) { input in
                input.contactID = contact.id
                input.companyID = company.id
                input.subject = "  Lunch "
                input.body = "Talked about anvils."
                input.occurredAt = when
                input.durationMinutes = 45
            }
            let stored = try await services.database.read { conn in try services.activities.get(activity.id, conn) }
            #expect(stored == activity)
            #expect(stored.id.hasPrefix("act_"))
            #expect(stored.kind == .meeting && stored.subject == "Lunch" && stored.body == "Talked about anvils.")
            #expect(stored.userID == user.id && stored.occurredAt == when && stored.createdAt == start2026)
            #expect(stored.durationMinutes == 45 && stored.contactID == contact.id && stored.companyID == company.id)
            #expect(try await services.eventTypes(entityID: activity.id) == ["activity.logged"])
        }
    }

    @Test("a timeline lists newest first and pages by occurred_at then id", arguments: Backend.available)
    func timelinePaging(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let other = try await services.makeContact("Bea", "Alves")
            var made: [Activity] = []
            // Two pairs share an instant, so the id breaks the tie.
            for offset in [-50.0, -10, -30, -30, -20, -10] {
                made.append(try await services.logActivity(.note) { $0.contactID = contact.id; $0.occurredAt = start2026.addingTimeInterval(offset) })
            }
            _ = try await services.logActivity(.note) { $0.contactID = other.id }
            let expected = made.sorted { ($0.occurredAt, $0.id) > ($1.occurredAt, $1.id) }.map(\.id)

            let whole = try await Self.timeline(services) { $0.contactID = contact.id }
            #expect(whole.items.map(\.id) == expected)
            #expect(whole.nextCursor == nil)

            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await Self.timeline(services) { $0.contactID = contact.id; $0.limit = 4; $0.cursor = cursor }
                #expect(page.items.count <= 4)
                seen += page.items.map(\.id)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(seen == expected)
            #expect(pages == 2)

            var byTwo: [String] = []
            cursor = nil
            repeat {
                let page = try await Self.timeline(services) { $0.contactID = contact.id; $0.limit = 2; $0.cursor = cursor }
                byTwo += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil && byTwo.count < 20
            #expect(byTwo == expected)
        }
    }

    @Test("a timeline filters by deal, company and kind", arguments: Backend.available)
    func timelineFilters(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let company = try await services.makeCompany("Acme")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id)
            clock.advance(by: 1)
            let call = try await services.logActivity(.call) { $0.contactID = contact.id; $0.dealID = deal.id }
            clock.advance(by: 1)
            let note = try await services.logActivity(.note) { $0.contactID = contact.id }
            clock.advance(by: 1)
            let companyNote = try await services.logActivity(.note) { $0.companyID = company.id }

            #expect(try await Self.timeline(services) { $0.dealID = deal.id }.items.map(\.id) == [call.id])
            #expect(try await Self.timeline(services) { $0.companyID = company.id }.items.map(\.id) == [companyNote.id])
            #expect(try await Self.timeline(services) { $0.contactID = contact.id }.items.map(\.id) == [note.id, call.id])
            #expect(try await Self.timeline(services) { $0.contactID = contact.id; $0.dealID = deal.id }.items.map(\.id) == [call.id])
            #expect(try await Self.timeline(services) { $0.contactID = contact.id; $0.kind = .note }.items.map(\.id) == [note.id])

            let error = await #expect(throws: CarnetError.self) { try await Self.timeline(services) { _ in } }
            #expect(validationFields(error) == ["contact_id"])
            let cursorError = await #expect(throws: CarnetError.self) {
                try await Self.timeline(services) { $0.contactID = contact.id; $0.cursor = Cursor.encode(["soon", "act_x"]) }
            }
            guard case .malformed(_, "cursor")? = cursorError else {
                Issue.record("expected a malformed cursor, got \(String(describing: cursorError))")
                return
            }
        }
    }
}
