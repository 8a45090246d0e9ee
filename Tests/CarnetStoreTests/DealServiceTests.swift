import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Deal service")
struct DealServiceTests {
    /// The event types of a deal read straight from the `events` table, with their payloads.
    static func storedEvents(_ services: Services, dealID: String) async throws -> [(type: String, payload: JSONValue)] {
        let rows = try await services.database.read { conn in
            try conn.query("SELECT type, payload FROM events WHERE entity_type = 'deal' AND entity_id = ? ORDER BY occurred_at, id", [.text(dealID)])
        }
        return rows.map { ($0.string("type") ?? "", $0.json("payload", as: JSONValue.self, fallback: .null)) }
    }

    @Test("a deal without a contact cannot enter lead, and nothing is stored", arguments: Backend.available)
    func leadNeedsContact(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let error = await #expect(throws: CarnetError.self) {
                var patch = DealPatch()
                patch.title = "Orphan"
                let input = patch
                return try await services.database.write { conn in try services.deals.create(input, actor: .system, conn) }
            }
            let rule = try #require(stageRule(error))
            #expect(rule.stage == "lead")
            #expect(rule.fields == ["contact_id"])
            #expect(try await services.count("deals") == 0)
            #expect(try await services.count("deal_stage_history") == 0)
            #expect(try await services.count("events", where: "entity_type = 'deal'") == 0)
        }
    }

    @Test("an unknown contact_id is refused naming contact_id", arguments: Backend.available)
    func unknownContact(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let error = await #expect(throws: CarnetError.self) {
                try await services.makeDeal("Ghost", contactID: "con_nobody")
            }
            #expect(validationFields(error) == ["contact_id"])
            #expect(try await services.count("deals") == 0)
        }
    }

    @Test("create then get round-trips the deal, starting in lead at the stage's probability", arguments: Backend.available)
    func createRoundTrip(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let owner = try await services.makeUser()
            let contact = try await services.makeContact("Ana", "Lima")
            let company = try await services.makeCompany("Acme")
            let deal = try await services.makeDeal("  Anvils for Acme ", contactID: contact.id, by: owner.actor) { patch in
                patch.companyID = company.id
                patch.amount = 150_000
                patch.expectedClose = LocalDate("2026-03-31")
                patch.nextAction = "call back"
                patch.nextActionAt = start2026.addingTimeInterval(86_400)
                patch.customFields = ["source": .string("fair")]
            }
            let stored = try await services.deal(deal.id)
            #expect(stored == deal)
            #expect(stored.title == "Anvils for Acme")
            #expect(stored.stage == "lead" && stored.pipeline == "default")
            #expect(stored.probability == 10 && stored.probabilityOverride == nil)
            #expect(stored.ownerID == owner.id && stored.contactID == contact.id && stored.companyID == company.id)
            #expect(stored.amount == 150_000 && stored.currency == .eur)
            #expect(stored.expectedClose?.description == "2026-03-31")
            #expect(stored.nextActionAt == start2026.addingTimeInterval(86_400))
            #expect(stored.stageChangedAt == start2026 && stored.closedAt == nil && stored.version == 1)
            let history = try await services.database.read { conn in try services.deals.stageHistory(deal.id, conn) }
            #expect(history.map(\.from) == [nil] && history.map(\.to) == ["lead"])
            #expect(history.map(\.actorID) == [owner.id] && history.map(\.at) == [start2026])
            #expect(try await services.eventTypes(entityID: deal.id) == ["deal.created"])
        }
    }

    @Test("moving to proposal without amount and close date is refused listing both; the stored deal is unchanged",
          arguments: Backend.available)
    func proposalRule(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id)
            clock.advance(by: 60)
            let error = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id) { $0.stage = "proposal"; $0.title = "Renamed on the way" }
            }
            let rule = try #require(stageRule(error))
            #expect(rule.stage == "proposal")
            #expect(rule.fields == ["amount", "expected_close"])

            let stored = try await services.deal(deal.id)
            #expect(stored == deal)
            #expect(stored.stage == "lead" && stored.version == 1 && stored.title == "Anvils")
            #expect(try await services.count("deal_stage_history", where: "deal_id = ?", [.text(deal.id)]) == 1)
            #expect(try await services.eventTypes(entityID: deal.id) == ["deal.created"])

            let partial = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id) { $0.stage = "proposal"; $0.amount = 5_000 }
            }
            #expect(stageRule(partial)?.fields == ["expected_close"])
            #expect(try await services.deal(deal.id).amount == nil)
        }
    }

    @Test("meeting can be entered only once a meeting is logged on the deal", arguments: Backend.available)
    func meetingNeedsActivity(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id)
            let refused = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id) { $0.stage = "meeting" }
            }
            #expect(stageRule(refused)?.stage == "meeting")
            #expect(stageRule(refused)?.fields == ["activities"])

            _ = try await services.logActivity(.call) { $0.dealID = deal.id }
            _ = try await services.logActivity(.meeting) { $0.contactID = contact.id }
            let stillRefused = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id) { $0.stage = "meeting" }
            }
            #expect(stageRule(stillRefused)?.fields == ["activities"])
            #expect(try await services.deal(deal.id).stage == "lead")

            _ = try await services.logActivity(.meeting) { $0.dealID = deal.id; $0.subject = "Discovery" }
            clock.advance(by: 120)
            let moved = try await services.updateDeal(deal.id) { $0.stage = "meeting" }
            #expect(moved.stage == "meeting" && moved.probability == 40)
            #expect(moved.stageChangedAt == start2026.addingTimeInterval(120))
            #expect(try await services.deal(deal.id) == moved)
        }
    }

    @Test("a deal walks lead → qualified → meeting → proposal → negotiation → won, with history and events",
          arguments: Backend.available)
    func fullPath(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let seller = try await services.makeUser("seller@example.com", role: .member)
            let contact = try await services.makeContact("Ana", "Lima")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id, by: seller.actor)

            clock.advance(by: 60)
            let missingCustom = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id, by: seller.actor) { $0.stage = "qualified"; $0.customFields = ["need": .string("anvils")] }
            }
            #expect(stageRule(missingCustom)?.fields == ["custom.decision_maker"])
            let qualified = try await services.updateDeal(deal.id, expectedVersion: 1, by: seller.actor) { patch in
                patch.stage = "qualified"
                patch.customFields = ["need": .string("anvils"), "decision_maker": .string("Wile E.")]
            }
            #expect(qualified.stage == "qualified" && qualified.probability == 25 && qualified.version == 2)

            clock.advance(by: 60)
            _ = try await services.logActivity(.meeting, by: seller.actor) { $0.dealID = deal.id }
            let meeting = try await services.updateDeal(deal.id, by: seller.actor) { $0.stage = "meeting" }
            #expect(meeting.probability == 40)

            clock.advance(by: 60)
            let proposal = try await services.updateDeal(deal.id, by: seller.actor) { patch in
                patch.stage = "proposal"
                patch.amount = 250_000
                patch.expectedClose = LocalDate("2026-06-30")
            }
            #expect(proposal.probability == 60 && proposal.amount == 250_000)

            clock.advance(by: 60)
            let refused = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id, by: seller.actor) { $0.stage = "negotiation" }
            }
            #expect(stageRule(refused)?.fields == ["next_action", "next_action_at"])
            let negotiation = try await services.updateDeal(deal.id, by: seller.actor) { patch in
                patch.stage = "negotiation"
                patch.nextAction = "send the revised quote"
                patch.nextActionAt = start2026.addingTimeInterval(7 * 86_400)
            }
            #expect(negotiation.probability == 80 && negotiation.closedAt == nil)

            clock.advance(by: 60)
            let won = try await services.updateDeal(deal.id, by: seller.actor) { $0.stage = "won" }
            let wonAt = start2026.addingTimeInterval(300)
            #expect(won.stage == "won" && won.probability == 100)
            #expect(won.closedAt == wonAt && won.stageChangedAt == wonAt && won.updatedAt == wonAt)
            #expect(won.version == 6)
            #expect(try await services.deal(deal.id) == won)

            let history = try await services.database.read { conn in try services.deals.stageHistory(deal.id, conn) }
            #expect(history.count == 6)
            #expect(history.map(\.to) == ["lead", "qualified", "meeting", "proposal", "negotiation", "won"])
            #expect(history.map(\.from) == [nil, "lead", "qualified", "meeting", "proposal", "negotiation"])
            #expect(history.map(\.at) == (0...5).map { start2026.addingTimeInterval(Double($0) * 60) })
            #expect(history.allSatisfy { $0.actorID == seller.id })

            let events = try await Self.storedEvents(services, dealID: deal.id)
            let types = events.map(\.type)
            #expect(types.filter { $0 == "deal.stage_changed" }.count == 5)
            #expect(types.filter { $0 == "deal.updated" }.count == 5)
            #expect(types.filter { $0 == "deal.won" }.count == 1)
            #expect(types.first == "deal.created")
            let moves = events.filter { $0.type == "deal.stage_changed" }.map(\.payload)
            #expect(moves == [
                .object(["from": .string("lead"), "to": .string("qualified")]),
                .object(["from": .string("qualified"), "to": .string("meeting")]),
                .object(["from": .string("meeting"), "to": .string("proposal")]),
                .object(["from": .string("proposal"), "to": .string("negotiation")]),
                .object(["from": .string("negotiation"), "to": .string("won")]),
            ])
            let wonPayload = try #require(events.first { $0.type == "deal.won" }?.payload)
            #expect(wonPayload == .object(["amount": .number(250_000), "currency": .string("EUR")]))
        }
    }

    @Test("lost needs a lost_reason and writes deal.lost; re-opening clears closed_at", arguments: Backend.available)
    func lost(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id)
            clock.advance(by: 60)
            let refused = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id) { $0.stage = "lost" }
            }
            #expect(stageRule(refused)?.stage == "lost")
            #expect(stageRule(refused)?.fields == ["lost_reason"])
            let blank = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id) { $0.stage = "lost"; $0.lostReason = "   " }
            }
            #expect(stageRule(blank)?.fields == ["lost_reason"])
            #expect(try await services.deal(deal.id).closedAt == nil)

            let lost = try await services.updateDeal(deal.id) { $0.stage = "lost"; $0.lostReason = "price" }
            #expect(lost.stage == "lost" && lost.probability == 0 && lost.lostReason == "price")
            #expect(lost.closedAt == start2026.addingTimeInterval(60))
            let events = try await Self.storedEvents(services, dealID: deal.id)
            #expect(events.filter { $0.type == "deal.lost" }.map(\.payload) == [.object(["lost_reason": .string("price")])])
            #expect(!events.contains { $0.type == "deal.won" })

            clock.advance(by: 60)
            let reopened = try await services.updateDeal(deal.id) { $0.stage = "lead" }
            #expect(reopened.closedAt == nil && reopened.probability == 10)
            #expect(try await services.deal(deal.id).closedAt == nil)
        }
    }

    @Test("a probability override replaces the stage's until it is cleared", arguments: Backend.available)
    func probabilityOverride(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id) { $0.probability = 55 }
            #expect(deal.probability == 55 && deal.probabilityOverride == 55)
            #expect(try await services.deal(deal.id).probability == 55)

            let qualified = try await services.updateDeal(deal.id) { patch in
                patch.stage = "qualified"
                patch.customFields = ["need": .string("x"), "decision_maker": .bool(true)]
            }
            #expect(qualified.probability == 55)

            let cleared = try await services.updateDeal(deal.id) { $0.probability = .some(nil) }
            #expect(cleared.probability == 25 && cleared.probabilityOverride == nil)
            let stored = try await services.deal(deal.id)
            #expect(stored.probability == 25 && stored.probabilityOverride == nil)

            let bad = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id) { $0.probability = 101 }
            }
            #expect(validationFields(bad) == ["probability"])
        }
    }

    @Test("a change that is not a move keeps stage_changed_at and writes no stage history", arguments: Backend.available)
    func nonMoveUpdate(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id)
            clock.advance(by: 30)
            let renamed = try await services.updateDeal(deal.id) { $0.title = "Anvils, two tons"; $0.stage = "lead" }
            #expect(renamed.version == 2 && renamed.updatedAt == start2026.addingTimeInterval(30))
            #expect(renamed.stageChangedAt == start2026)
            #expect(try await services.count("deal_stage_history", where: "deal_id = ?", [.text(deal.id)]) == 1)
            #expect(try await services.eventTypes(entityID: deal.id) == ["deal.created", "deal.updated"])

            let same = try await services.updateDeal(deal.id) { $0.title = "Anvils, two tons" }
            #expect(same.version == 2)

            let stale = await #expect(throws: CarnetError.self) {
                try await services.updateDeal(deal.id, expectedVersion: 1) { $0.title = "Other" }
            }
            #expect(stale == .versionConflict(entity: "deal", id: deal.id, expected: 1, actual: 2))
        }
    }

    @Test("list filters by stage and owner and pages by keyset", arguments: Backend.available)
    func list(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let ana = try await services.makeUser("ana@example.com", role: .member)
            let bea = try await services.makeUser("bea@example.com", role: .member)
            let contact = try await services.makeContact("Ana", "Lima")
            var anaDeals: [String] = []
            for index in 0..<5 {
                clock.advance(by: 1)
                anaDeals.append(try await services.makeDeal("Ana \(index)", contactID: contact.id, by: ana.actor).id)
            }
            clock.advance(by: 1)
            let beaDeal = try await services.makeDeal("Bea 0", contactID: contact.id, by: bea.actor)
            let qualifiedIDs = [anaDeals[1], anaDeals[3], beaDeal.id]
            for id in qualifiedIDs {
                _ = try await services.updateDeal(id) { $0.stage = "qualified"; $0.customFields = ["need": .string("x"), "decision_maker": .string("y")] }
            }

            func pages(_ configure: (inout DealQuery) -> Void) async throws -> [[String]] {
                var query = DealQuery()
                configure(&query)
                var result: [[String]] = []
                repeat {
                    let value = query
                    let page = try await services.database.read { conn in try services.deals.list(value, conn) }
                    result.append(page.items.map(\.id))
                    query.cursor = page.nextCursor
                } while query.cursor != nil && result.count < 20
                return result
            }
            let byOwner = try await pages { $0.ownerID = ana.id; $0.limit = 2 }
            #expect(byOwner == [[anaDeals[0], anaDeals[1]], [anaDeals[2], anaDeals[3]], [anaDeals[4]]])
            let qualified = try await pages { $0.stage = "qualified"; $0.limit = 2 }
            #expect(qualified == [[anaDeals[1], anaDeals[3]], [beaDeal.id]])
            let anaQualified = try await pages { $0.stage = "qualified"; $0.ownerID = ana.id }
            #expect(anaQualified == [[anaDeals[1], anaDeals[3]]])
            let leads = try await pages { $0.stage = "lead" }
            #expect(leads == [[anaDeals[0], anaDeals[2], anaDeals[4]]])
            let everything = try await pages { $0.limit = 3 }
            #expect(everything.flatMap { $0 } == anaDeals + [beaDeal.id])

            let error = await #expect(throws: CarnetError.self) {
                var query = DealQuery()
                query.cursor = "garbage"
                let value = query
                return try await services.database.read { conn in try services.deals.list(value, conn) }
            }
            guard case .malformed(_, "cursor")? = error else {
                Issue.record("expected a malformed cursor, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("archiving a deal hides it from the list", arguments: Backend.available)
    func archive(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let contact = try await services.makeContact("Ana", "Lima")
            let deal = try await services.makeDeal("Anvils", contactID: contact.id)
            let archived = try await services.database.write { conn in try services.deals.setArchived(deal.id, true, expectedVersion: 1, actor: .system, conn) }
            #expect(archived.archivedAt != nil && archived.version == 2)
            let live = try await services.database.read { conn in try services.deals.list(DealQuery(), conn) }
            #expect(live.items.isEmpty)
            var query = DealQuery()
            query.archived = true
            let value = query
            let archivedList = try await services.database.read { conn in try services.deals.list(value, conn) }
            #expect(archivedList.items.map(\.id) == [deal.id])
        }
    }
}
