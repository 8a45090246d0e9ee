import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Demo data")
struct DemoDataTests {
    @Test("the same seed gives the same sample, another seed another one")
    func reproducible() {
        let sample = DemoData(seed: 42, now: start2026)
        #expect(sample == DemoData(seed: 42, now: start2026))
        #expect(sample != DemoData(seed: 43, now: start2026))
        #expect(sample.users.count == 4 && sample.companies.count == 40 && sample.contacts.count == 200 && sample.deals.count == 60)
        #expect(Set(sample.companies.map(\.name)).count == 40)
        #expect(Set(sample.contacts.map(\.email)).count == 200)
        #expect(Set(sample.companies.map(\.region)).isSuperset(of: ["Île-de-France", "Auvergne-Rhône-Alpes", "Occitanie"]))
        #expect(sample.companies.allSatisfy { $0.siren.count == 9 && luhnValid($0.siren) })
    }

    @Test("one contact in 50 is entered twice, and the duplicate finder lists each pair by its e-mail", arguments: Backend.available)
    func twins(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let sample = DemoData(seed: 7, pipeline: services.context.pipeline, now: clock.now)
            #expect(Set(sample.contacts.map { $0.email.lowercased() }).count == 196)
            _ = try await sample.install(in: services)
            let pairs = try await services.database.read { conn in try services.duplicates.list(.contact, threshold: 0.7, limit: 50, cursor: nil, conn) }
            let byEmail = pairs.items.filter { $0.reasons.contains { $0.code == DuplicateReason.sameEmail } }
            #expect(byEmail.count == 4)
        }
    }

    @Test("install writes the sample through the services: counts, every stage, no stage rule broken", arguments: Backend.available)
    func install(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let sample = DemoData(seed: 7, pipeline: services.context.pipeline, now: clock.now)
            let summary = try await sample.install(in: services)
            #expect(summary.users == 4 && summary.companies == 40 && summary.contacts == 200 && summary.deals == 60)
            #expect(summary.activities > 200)
            #expect(try await services.count("users") == 4)
            #expect(try await services.count("companies") == 40)
            #expect(try await services.count("contacts") == 200)
            #expect(try await services.count("deals") == 60)
            #expect(try await services.count("activities") == summary.activities)
            #expect(try await services.count("activities", where: "kind = 'meeting'") > 0)
            #expect(try await services.count("activities", where: "occurred_at < ?", [.date(clock.now.addingTimeInterval(-90 * 86_400))]) > 0)
            #expect(try await services.count("events", where: "type = 'deal.won'") > 0)
            #expect(try await services.count("events", where: "type = 'deal.lost'") > 0)

            let pipeline = services.context.pipeline
            let workflow = DealWorkflow(pipeline: pipeline)
            let (deals, logged, history) = try await services.database.read { conn in
                let deals = try conn.query("SELECT id FROM deals", []).map { try services.deals.get($0.string("id") ?? "", conn) }
                var logged: [String: Set<ActivityKind>] = [:]
                for row in try conn.query("SELECT DISTINCT deal_id, kind FROM activities WHERE deal_id IS NOT NULL", []) {
                    if let deal = row.string("deal_id"), let kind = row.string("kind").flatMap(ActivityKind.init(rawValue:)) { logged[deal, default: []].insert(kind) }
                }
                var history: [String: [String]] = [:]
                for row in try conn.query("SELECT deal_id, to_stage FROM deal_stage_history", []) {
                    history[row.string("deal_id") ?? "", default: []].append(row.string("to_stage") ?? "")
                }
                return (deals, logged, history)
            }
            #expect(Set(deals.map(\.stage)) == Set(pipeline.stages.map(\.key)))
            for deal in deals {
                // Every move happens at the test clock's one instant, so the history's order is not known: check its set.
                let visited = Set(history[deal.id] ?? [])
                #expect(visited.contains(deal.stage))
                for key in visited {
                    let stage = try #require(pipeline.stage(key))
                    #expect(workflow.missingForEntry(of: stage, deal: deal, loggedActivities: logged[deal.id] ?? []) == [], "deal \(deal.title) in \(key)")
                }
                #expect(deal.contactID != nil && deal.companyID != nil && deal.ownerID != nil)
            }
            let manager = try await services.database.read { conn in try services.users.find(email: sample.users[0].email, conn) }
            #expect(manager?.role == .manager)
        }
    }

    @Test("install refuses a database that has contacts unless forced", arguments: Backend.available)
    func refusesNonEmpty(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            _ = try await services.makeContact("Ana", "Lima")
            let small = DemoData(seed: 1, now: start2026, contactCount: 10, companyCount: 3, dealCount: 7)
            let error = await #expect(throws: CarnetError.self) { try await small.install(in: services) }
            guard case .invalidState? = error else { Issue.record("expected invalidState, got \(String(describing: error))"); return }
            #expect(try await services.count("contacts") == 1)

            let summary = try await small.install(in: services, force: true)
            #expect(summary.contacts == 10 && summary.deals == 7)
            let again = try await small.install(in: services, force: true)
            #expect(again.users == 0)
            #expect(try await services.count("users") == 4)
            #expect(try await services.count("contacts") == 21)
        }
    }
}

/// Whether a digit string passes the Luhn check, as SIREN numbers do.
private func luhnValid(_ digits: String) -> Bool {
    let values = digits.reversed().compactMap(\.wholeNumberValue)
    let sum = values.enumerated().reduce(0) { total, item in
        let doubled = item.offset % 2 == 1 ? item.element * 2 : item.element
        return total + (doubled > 9 ? doubled - 9 : doubled)
    }
    return sum % 10 == 0
}
