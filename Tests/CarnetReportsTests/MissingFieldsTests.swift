import CarnetCore
@testable import CarnetReports
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Reports: missing critical fields")
struct MissingFieldsTests {
    /// Ana owns C1 (e-mail), C2 (nothing), a company without industry and two open deals, one
    /// without amount or close date, and a lost one without either; Bob owns C3 (a phone) and
    /// the archived C5 (nothing); C4 (nothing) and a retail company have no owner.
    struct Team {
        let ana: User, bob: User
        let c2: Contact, c4: Contact, d2: Deal
    }

    static func team(_ world: ReportsWorld) async throws -> Team {
        let ana = try await world.user("Ana"), bob = try await world.user("Bob")
        let services = world.services
        func contact(_ name: String, owner: User?, email: String? = nil, phone: String? = nil) async throws -> Contact {
            var patch = ContactPatch()
            patch.lastName = name
            patch.ownerID = owner?.id
            patch.email = email
            patch.phones = phone.map { [$0] }
            let input = patch
            return try await services.database.write { conn in try services.contacts.create(input, actor: .system, conn) }
        }
        let c1 = try await contact("C1", owner: ana, email: "c1@example.com")
        let c2 = try await contact("C2", owner: ana)
        _ = try await contact("C3", owner: bob, phone: "+33 6 12 34 56 78")
        let c4 = try await contact("C4", owner: nil)
        let c5 = try await contact("C5", owner: bob)
        _ = try await services.database.write { conn in try services.contacts.archive(c5.id, expectedVersion: nil, actor: .system, conn) }
        for (name, industry, owner) in [("Retail SA", "Retail", nil), ("Atelier", nil, ana)] as [(String, String?, User?)] {
            var patch = CompanyPatch()
            patch.name = name
            patch.industry = industry
            patch.ownerID = owner?.id
            let input = patch
            _ = try await services.database.write { conn in try services.companies.create(input, actor: .system, conn) }
        }
        _ = try await world.deal("D1", owner: ana, amount: 100_000, close: "2026-03-31", contact: c1)
        let d2 = try await world.deal("D2", owner: ana, contact: c1)
        let d3 = try await world.deal("D3", owner: ana, contact: c1)
        try await world.move(d3, to: "lost", reason: "no budget", by: ana)
        return Team(ana: ana, bob: bob, c2: c2, c4: c4, d2: d2)
    }

    func report(_ world: ReportsWorld, owner: String? = nil, kinds: [RecordKind] = RecordKind.allCases) async throws -> MissingFields {
        var filters = ReportFilters()
        filters.ownerID = owner
        let input = filters
        let service = MissingFieldsService(settings: world.settings)
        return try await world.services.database.read { conn in try service.report(input, kinds: kinds, conn) }
    }

    func records(_ world: ReportsWorld, _ rule: CriticalRule, owner: String? = nil, limit: Int = 50, cursor: String? = nil) async throws -> Page<MissingFieldRecord> {
        let service = MissingFieldsService(settings: world.settings)
        return try await world.services.database.read { conn in try service.records(rule, owner: owner, limit: limit, cursor: cursor, conn) }
    }

    @Test("counts per rule and per owner: live contacts and companies, open deals, a|b needing one of them", arguments: Backend.available)
    func counts(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            let team = try await Self.team(world)
            let report = try await report(world)
            #expect(report.rules.map { "\($0.entity.rawValue) \($0.rule) \($0.missing)/\($0.records)" } == [
                "contact email|phone 2/4", "company industry 1/2", "deal amount 1/2", "deal expected_close 1/2",
            ])
            #expect(report.rules.map(\.rate) == [0.5, 0.5, 0.5, 0.5])
            #expect(report.owners.map { "\($0.entity.rawValue) \($0.rule) \($0.ownerID ?? "-") \($0.missing)/\($0.records)" } == [
                "contact email|phone - 1/1", "contact email|phone \(team.ana.id) 1/2", "company industry \(team.ana.id) 1/1",
                "deal amount \(team.ana.id) 1/2", "deal expected_close \(team.ana.id) 1/2",
            ])
            #expect(report.rules[0].link == "/api/v1/reports/missing-fields/records?entity=contact&rule=email%7Cphone")
            #expect(report.owners[0].link == "/api/v1/reports/missing-fields/records?entity=contact&rule=email%7Cphone&owner=none")
            #expect(report.owners[1].link.hasSuffix("&owner=\(team.ana.id)"))

            let bob = try await self.report(world, owner: team.bob.id, kinds: [.contact])
            #expect(bob.rules.map { "\($0.missing)/\($0.records)" } == ["0/1"])
            #expect(bob.rules[0].link.hasSuffix("&owner=\(team.bob.id)"))
            #expect(bob.owners.isEmpty)
        }
    }

    @Test("the records at fault, of everyone, of one owner or of none, paged by id, each with its page", arguments: Backend.available)
    func recordsAtFault(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            let team = try await Self.team(world)
            let reach = try CriticalRule("email|phone", kind: .contact)
            let all = try await records(world, reach)
            #expect(all.items.map(\.id) == [team.c2.id, team.c4.id].sorted())
            #expect(all.nextCursor == nil)
            #expect(try await records(world, reach, owner: MissingFieldsService.noOwner).items.map(\.id) == [team.c4.id])
            let ana = try await records(world, reach, owner: team.ana.id)
            #expect(ana.items == [MissingFieldRecord(id: team.c2.id, name: "C2", ownerID: team.ana.id, page: "/contacts/\(team.c2.id)")])
            let first = try await records(world, reach, limit: 1)
            let second = try await records(world, reach, limit: 1, cursor: first.nextCursor)
            #expect((first.items + second.items).map(\.id) == all.items.map(\.id))
            #expect(second.nextCursor == nil)
            let amount = try await records(world, try CriticalRule("amount", kind: .deal))
            #expect(amount.items.map(\.page) == ["/deals/\(team.d2.id)"])
            #expect(amount.items.map(\.name) == ["D2"])
        }
    }

    @Test("a rule names known fields of its kind; the error lists them")
    func rules() throws {
        #expect(try CriticalRule(" email | phone ", kind: .contact).text == "email|phone")
        #expect(throws: CriticalRuleError(rule: "industry", field: "industry", known: RecordKind.contact.fields.keys.sorted())) {
            try CriticalRule("industry", kind: .contact)
        }
        #expect(throws: CriticalRuleError(rule: "amount|", field: "", known: RecordKind.deal.fields.keys.sorted())) {
            try CriticalRule("amount|", kind: .deal)
        }
        #expect(try CriticalRule("email|phone", kind: .contact).missingCondition == "(email IS NULL) AND (phones = '[]')")
    }
}
