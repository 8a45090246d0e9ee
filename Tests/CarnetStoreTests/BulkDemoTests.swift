import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Bulk demo sample")
struct BulkDemoTests {
    static let counts = DemoCounts(contacts: 1_000)

    @Test("the proportions of each size")
    func proportions() {
        let large = try! #require(DemoSize.large.bulkCounts)
        #expect(large == DemoCounts(contacts: 1_000_000))
        #expect(large.companies == 200_000 && large.deals == 500_000 && large.activities == 5_000_000 && large.users == 50)
        #expect(DemoSize.medium.bulkCounts?.contacts == 100_000)
        #expect(DemoSize.small.bulkCounts == nil)
        #expect(DemoCounts(contacts: 10).users == 4 && DemoCounts(contacts: 10).companies == 2)
    }

    @Test("loads the counts asked for, rows the services read back, and the indexes as they were", arguments: Backend.available)
    func load(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let indexesBefore = try await Self.indexes(services)
            let summary = try await BulkDemo(counts: Self.counts, seed: 3, pipeline: services.context.pipeline, now: clock.now).install(in: services)
            #expect(summary.users == 4 && summary.companies == 200 && summary.contacts == 1_000 && summary.deals == 500 && summary.activities == 5_000)
            #expect(try await services.count("companies") == 200)
            #expect(try await services.count("contacts") == 1_000)
            #expect(try await services.count("deals") == 500)
            #expect(try await services.count("activities") == 5_000)
            #expect(try await Self.indexes(services) == indexesBefore)
            // History, not changes happening now: no event or audit row for the loaded rows.
            #expect(try await services.count("events", where: "entity_type <> 'user'") == 0)
            #expect(try await services.count("contact_tags") >= 1_000)
            #expect(try await services.count("activities", where: "occurred_at < ?", [.date(clock.now.addingTimeInterval(-365 * 86_400))]) > 0)
            #expect(try await services.count("activities", where: "created_at > ? OR occurred_at > created_at", [.date(clock.now)]) == 0)

            let page = try await services.database.read { conn in try services.contacts.list(ContactQuery(prefix: "mar", limit: 20), conn) }
            #expect(!page.items.isEmpty)
        }
    }

    @Test("deals went through the pipeline: history ending in their stage, closed ones dated, rules' activities and fields present", arguments: Backend.available)
    func deals(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            let pipeline = services.context.pipeline
            _ = try await BulkDemo(counts: Self.counts, seed: 5, pipeline: pipeline, now: clock.now).install(in: services)
            let (deals, history, meetings) = try await services.database.read { conn in
                let deals = try conn.query("SELECT id FROM deals", []).map { try services.deals.get($0.string("id") ?? "", conn) }
                var history: [String: [String]] = [:]
                for row in try conn.query("SELECT deal_id, to_stage FROM deal_stage_history ORDER BY at, id", []) {
                    history[row.string("deal_id") ?? "", default: []].append(row.string("to_stage") ?? "")
                }
                let meetings = Set(try conn.query("SELECT DISTINCT deal_id FROM activities WHERE kind = 'meeting' AND deal_id IS NOT NULL", []).compactMap { $0.string("deal_id") })
                return (deals, history, meetings)
            }
            #expect(Set(deals.map(\.stage)) == Set(pipeline.stages.map(\.key)))
            for deal in deals {
                let stage = try #require(pipeline.stage(deal.stage))
                #expect(history[deal.id]?.last == deal.stage, "\(deal.id)")
                #expect(history[deal.id]?.first == pipeline.stages.first?.key)
                #expect((deal.closedAt != nil) == (stage.outcome != .open))
                #expect(deal.probability == stage.probability)
                if stage.outcome == .lost { #expect(deal.lostReason != nil) }
                if stage.outcome == .won { #expect(deal.amount != nil) }
                if history[deal.id]?.contains("meeting") == true { #expect(meetings.contains(deal.id)) }
                #expect(deal.createdAt <= deal.stageChangedAt && deal.stageChangedAt <= clock.now)
            }
        }
    }

    @Test("the same seed gives the same sample; one contact in 200 is entered twice", arguments: Backend.available)
    func reproducible(backend: Backend) async throws {
        let clock = ManualClock()
        let first = try await TestDatabase.with(backend, clock: clock) { services async throws in
            _ = try await BulkDemo(counts: Self.counts, seed: 9, pipeline: services.context.pipeline, now: clock.now).install(in: services)
            return try await Self.contactRows(services)
        }
        let second = try await TestDatabase.with(backend, clock: clock) { services async throws in
            _ = try await BulkDemo(counts: Self.counts, seed: 9, pipeline: services.context.pipeline, now: clock.now).install(in: services)
            return try await Self.contactRows(services)
        }
        #expect(first == second)
        let byEmail = Dictionary(grouping: first, by: { $0[1].lowercased() })
        #expect(byEmail.values.filter { $0.count == 2 }.count == 1_000 / 200)
    }

    @Test("refuses a database that has contacts, and leaves it as it was", arguments: Backend.available)
    func refusesData(backend: Backend) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock) { services async throws in
            var patch = ContactPatch()
            patch.lastName = "Existing"
            let input = patch
            _ = try await services.database.write { conn in try services.contacts.create(input, actor: .system, conn) }
            await #expect(throws: CarnetError.self) {
                _ = try await BulkDemo(counts: Self.counts, seed: 1, pipeline: services.context.pipeline, now: clock.now).install(in: services)
            }
            #expect(try await services.count("contacts") == 1)
            #expect(try await services.count("companies") == 0)
        }
    }

    /// Every contact's id, e-mail and phones, in id order.
    static func contactRows(_ services: Services) async throws -> [[String]] {
        try await services.database.read { conn in
            try conn.query("SELECT id, email, phones FROM contacts ORDER BY id", []).map { [$0.string("id") ?? "", $0.string("email") ?? "", $0.string("phones") ?? ""] }
        }
    }

    /// The names of the indexes of the loaded tables.
    static func indexes(_ services: Services) async throws -> Set<String> {
        try await services.database.read { conn in
            let sql = conn.dialect.dialect == .postgres
                ? "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()"
                : "SELECT name FROM sqlite_master WHERE type = 'index'"
            return Set(try conn.query(sql, []).compactMap { $0.string("name") })
        }
    }
}
