import CarnetCore
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Segment members")
struct SegmentMembersTests {
    /// The names of the contacts `filter` matches, sorted, and checks the count agrees.
    func members(_ world: SegmentsWorld, _ audience: Audience, _ filter: JSONValue) async throws -> [String] {
        let (count, page) = try await world.read { [segments = world.segments] conn in
            let parsed = try segments.parser(language: .en, conn).parse(filter)
            return (try segments.count(parsed, conn), try segments.members(parsed, limit: 200, cursor: nil, conn))
        }
        let names = page.items.map { audience.names[$0.id] ?? $0.id }.sorted()
        #expect(count == names.count, "count \(count) for \(names)")
        return names
    }

    @Test("each field and operator picks exactly the expected contacts; archived contacts never", arguments: Backend.available)
    func fields(backend: Backend) async throws {
        try await SegmentsWorld.with(backend) { world in
            let a = try await Audience.build(world)
            let cases: [(JSONValue, [String])] = [
                (.all(), ["ana", "ben", "cleo", "dan", "eve"]),
                (.any(), []),
                (.all(.condition("region", "eq", .string("Bretagne"))), ["ana", "ben"]),
                (.all(.condition("region", "ne", .string("Bretagne"))), ["cleo", "dan", "eve"]),
                (.all(.condition("region", "is_empty", .bool(true))), ["dan"]),
                (.all(.condition("country", "in", .array([.string("BE"), .string("LU")]))), ["dan"]),
                (.all(.condition("city", "contains", .string("RE"))), ["ana", "ben"]),
                (.all(.condition("city", "starts_with", .string("br"))), ["ben", "dan"]),
                (.all(.condition("owner_id", "eq", .string(a.owner1.id))), ["ana", "cleo"]),
                (.all(.condition("tags", "has", .string("vip"))), ["ana", "cleo", "eve"]),
                (.all(.condition("tags", "has_not", .string("vip"))), ["ben", "dan"]),
                (.all(.condition("email_opt_in", "eq", .bool(false))), ["cleo"]),
                (.all(.condition("created_at", "within_days", .number(1))), ["ana", "ben", "cleo", "dan", "eve"]),
                (.all(.condition("created_at", "before", .string("2026-01-01"))), []),
                (.all(.condition("company.industry", "eq", .string("retail"))), ["ben", "cleo"]),
                (.all(.condition("company.industry", "ne", .string("software"))), ["ben", "cleo", "dan", "eve"]),
                (.all(.condition("company.region", "eq", .string("Bretagne"))), ["ana"]),
                (.all(.condition("company.size_band", "in", .array([.string("small")]))), ["ana"]),
                (.all(.condition("company.revenue_band", "eq", .string("large"))), ["ben", "cleo"]),
                (.all(.condition("open_deal_stage", "eq", .string("proposal"))), ["ana"]),
                (.all(.condition("open_deal_stage", "in", .array([.string("lead"), .string("proposal")]))), ["ana", "cleo"]),
                (.all(.condition("open_deal_stage", "ne", .string("proposal"))), ["ben", "cleo", "dan", "eve"]),
                (.all(.condition("last_activity", "within_days", .number(7))), ["ana"]),
                (.all(.condition("last_activity", "before", .string("2026-02-01"))), ["ben", "cleo", "dan", "eve"]),
                (.all(.condition("last_activity", "after", .string("2026-02-01"))), ["ana"]),
                (.all(.condition("last_activity", "is_empty", .bool(true))), ["cleo", "dan", "eve"]),
                (.all(.condition("custom.seats", "gt", .number(10))), ["ana"]),
                (.all(.condition("custom.seats", "lt", .number(10))), ["ben"]),
                (.all(.condition("custom.plan", "eq", .string("pro"))), ["ana", "cleo"]),
                (.all(.condition("custom.plan", "contains", .string("AS"))), ["ben"]),
                (.all(.condition("custom.plan", "is_empty", .bool(true))), ["dan", "eve"]),
                // AND of an OR: Normandie or Belgium, without the newsletter tag.
                (.all(.any(.condition("region", "eq", .string("Normandie")), .condition("country", "eq", .string("BE"))),
                      .condition("tags", "has_not", .string("newsletter"))), ["eve"]),
                // OR of ANDs.
                (.any(.all(.condition("region", "eq", .string("Bretagne")), .condition("tags", "has", .string("vip"))),
                      .all(.condition("country", "eq", .string("BE")))), ["ana", "dan"]),
            ]
            for (filter, expected) in cases {
                let found = try await members(world, a, filter)
                #expect(found == expected, "\(filter)")
            }
        }
    }

    @Test("a segment is saved, counted and paged through its members; a stale version is a 409", arguments: Backend.available)
    func savedSegment(backend: Backend) async throws {
        try await SegmentsWorld.with(backend) { world in
            let a = try await Audience.build(world)
            let actor = Actor(userID: a.owner1.id, role: .manager, name: "u1")
            let segment = try await world.write { [segments = world.segments] conn in
                try segments.create(SegmentPatch(name: "VIPs", description: "Our best", filter: JSONValue.all(.condition("tags", "has", .string("vip")))), actor: actor, conn)
            }
            let (first, second, third) = try await world.read { [segments = world.segments] conn in
                let filter = try segments.filter(of: try segments.get(segment.id, conn), language: .en, conn)
                let first = try segments.members(filter, limit: 2, cursor: nil, conn)
                let second = try segments.members(filter, limit: 2, cursor: first.nextCursor, conn)
                return (first, second, try segments.count(filter, conn))
            }
            #expect(third == 3)
            #expect(first.items.count == 2 && first.nextCursor != nil)
            #expect(second.items.count == 1 && second.nextCursor == nil)
            #expect(Set((first.items + second.items).map(\.id)) == [a.ana.id, a.cleo.id, a.eve.id])

            let changed = try await world.write { [segments = world.segments] conn in
                try segments.update(segment.id, SegmentPatch(filter: JSONValue.all(.condition("tags", "has", .string("newsletter")))), expectedVersion: 1, actor: actor, conn)
            }
            #expect(changed.version == 2)
            await #expect(throws: CarnetError.self) {
                try await world.write { [segments = world.segments] conn in
                    try segments.update(segment.id, SegmentPatch(name: "Stale"), expectedVersion: 1, actor: actor, conn)
                }
            }
            await #expect(throws: CarnetError.self) {
                try await world.write { [segments = world.segments] conn in
                    try segments.create(SegmentPatch(name: "VIPs", filter: JSONValue.all()), actor: actor, conn)
                }
            }
            let trail = try await world.read { [services = world.services] conn in try services.changes.events(entity: "segment", id: segment.id, conn) }
            #expect(trail.map(\.type) == ["segment.created", "segment.updated"])
        }
    }
}
