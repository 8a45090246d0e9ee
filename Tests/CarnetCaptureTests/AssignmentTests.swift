import CarnetCapture
import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

/// Who gets a new lead: the first matching rule, then the fallback owner.
@Suite("Lead assignment")
struct AssignmentTests {
    @Test("territory by region, country or postcode prefix, then industry, then round robin; first match wins", arguments: Backend.available)
    func rulesInOrder(backend: Backend) async throws {
        try await CaptureWorld.with(backend) { world in
            let west = try await world.user("west@example.com")
            let lyon = try await world.user("lyon@example.com")
            let retail = try await world.user("retail@example.com")
            _ = try await world.rule(.territory, "West", position: 10) { $0.regions = ["Bretagne"]; $0.countries = ["BE"]; $0.ownerID = .some(west.id) }
            _ = try await world.rule(.territory, "Lyon", position: 20) { $0.postcodePrefixes = ["69"]; $0.ownerID = .some(lyon.id) }
            _ = try await world.rule(.industry, "Retail", position: 30) { $0.industries = ["retail"]; $0.ownerID = .some(retail.id) }
            let form = try await world.whitepaper(createDeal: false)
            func owner(_ values: [String: String]) async throws -> String? {
                try await world.submit(form, values.merging(["last_name": "Lead"]) { mine, _ in mine }).ownerID
            }
            #expect(try await owner(["email": "a@example.com", "region": "bretagne", "postcode": "69001", "industry": "Retail"]) == west.id)
            #expect(try await owner(["email": "b@example.com", "country": "BE"]) == west.id)
            #expect(try await owner(["email": "c@example.com", "postcode": "69003", "industry": "Retail"]) == lyon.id)
            #expect(try await owner(["email": "d@example.com", "postcode": "75001", "industry": "RETAIL"]) == retail.id)
            #expect(try await owner(["email": "e@example.com", "postcode": "75001", "industry": "Banking"]) == nil)
        }
    }

    @Test("round robin hands leads out in turn among its users, the turn kept in the database", arguments: Backend.available)
    func roundRobin(backend: Backend) async throws {
        try await CaptureWorld.with(backend) { world in
            let ana = try await world.user("ana@example.com")
            world.clock.advance(by: 1)
            let bob = try await world.user("bob@example.com")
            world.clock.advance(by: 1)
            let cyd = try await world.user("cyd@example.com", role: .manager)
            _ = try await world.user("admin@example.com", role: .admin)
            let everyone = try await world.rule(.roundRobin, "Everyone", position: 50) { _ in }
            let form = try await world.whitepaper(createDeal: false)
            var owners: [String?] = []
            for index in 0..<4 { owners.append(try await world.submit(form, ["last_name": "L\(index)", "email": "l\(index)@example.com"]).ownerID) }
            #expect(owners == [ana.id, bob.id, cyd.id, ana.id])

            // A list of users is followed in its own order; a rule placed before takes over.
            _ = try await world.rule(.roundRobin, "Pair", position: 1) { $0.userIDs = [cyd.id, bob.id] }
            owners = []
            for index in 4..<7 { owners.append(try await world.submit(form, ["last_name": "L\(index)", "email": "l\(index)@example.com"]).ownerID) }
            #expect(owners == [cyd.id, bob.id, cyd.id])
            let turn = try await world.services.database.read { conn in
                try conn.queryOne("SELECT last_user_id FROM capture_turns WHERE rule_id = ?", [.text(everyone.id)])?.string("last_user_id")
            }
            #expect(turn == ana.id)
        }
    }

    @Test("no rule matches: the fallback owner; an existing contact with an owner keeps it", arguments: Backend.available)
    func fallbackAndKeep(backend: Backend) async throws {
        var settings = CaptureSettings()
        settings.fallbackOwner = "Desk@Example.com"
        try await CaptureWorld.with(backend, settings: settings) { world in
            let desk = try await world.user("desk@example.com")
            let west = try await world.user("west@example.com")
            _ = try await world.rule(.territory, "West", position: 10) { $0.regions = ["Bretagne"]; $0.ownerID = .some(west.id) }
            let form = try await world.whitepaper(createDeal: false)
            let first = try await world.submit(form, ["last_name": "Lima", "email": "ana@example.com", "region": "Alsace"])
            #expect(first.ownerID == desk.id)
            let again = try await world.submit(form, ["last_name": "Lima", "email": "ana@example.com", "region": "Bretagne"])
            #expect(again.contactID == first.contactID)
            #expect(again.ownerID == desk.id)
            #expect(try await world.contact(first.contactID).ownerID == desk.id)
        }
    }

    @Test("a rule naming an unknown user is refused, naming the field", arguments: Backend.available)
    func unknownUsers(backend: Backend) async throws {
        try await CaptureWorld.with(backend) { world in
            await #expect(throws: CarnetError.validation([FieldError("user_ids[0]", "no active user with id usr_nobody")])) {
                _ = try await world.rule(.roundRobin, "Ghosts", position: 1) { $0.userIDs = ["usr_nobody"] }
            }
        }
    }
}
