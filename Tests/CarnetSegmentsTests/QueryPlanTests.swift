import CarnetCore
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Segments: query plans")
struct QueryPlanTests {
    /// SQLite's plan for a segment count, one detail line per step.
    static func plan(_ world: SegmentsWorld, _ filter: JSONValue) async throws -> [String] {
        try await world.read { [segments = world.segments] conn in
            let (sql, binds) = segments.countQuery(try segments.parser(language: .en, conn).parse(filter), dialect: .sqlite)
            return try conn.query("EXPLAIN QUERY PLAN " + sql, binds).compactMap { $0.string("detail") }
        }
    }

    @Test("a count on a common field reads an index, never every contact", arguments: [
        ("region", JSONValue.all(.condition("region", "eq", .string("Bretagne"))), "contacts_region"),
        ("country", .all(.condition("country", "in", .array([.string("FR"), .string("BE")]))), "segments_contacts_country"),
        ("owner", .all(.condition("owner_id", "eq", .string("usr_1"))), "segments_contacts_owner"),
        ("tags", .all(.condition("tags", "has", .string("vip"))), "sqlite_autoindex_contacts_1"),
        ("industry", .all(.condition("company.industry", "eq", .string("retail"))), "segments_companies_industry"),
        ("open deal stage", .all(.condition("open_deal_stage", "eq", .string("proposal"))), "segments_deals_open_stage"),
        ("region and tag", .all(.condition("region", "eq", .string("Bretagne")), .condition("tags", "has", .string("vip"))), "contacts_region"),
    ])
    func indexed(label: String, filter: JSONValue, index: String) async throws {
        try await SegmentsWorld.with(.sqlite) { world in
            _ = try await Audience.build(world)
            let plan = try await Self.plan(world, filter)
            #expect(plan.contains { $0.contains(index) }, "\(label): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN c") && !$0.hasPrefix("SCAN co") }, "\(label): \(plan)")
        }
    }
}
