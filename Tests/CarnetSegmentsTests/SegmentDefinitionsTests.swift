import CarnetCore
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Segments as a versioned JSON file")
struct SegmentDefinitionsTests {
    @Test("an import creates, changes and keeps segments by name; a bad filter anywhere changes nothing and is named", arguments: Backend.available)
    func importAndExport(backend: Backend) async throws {
        try await SegmentsWorld.with(backend) { world in
            let definitions = SegmentDefinitions(context: world.services.context)
            let first = Data("""
                {"segments": [
                  {"name": "Bretagne", "filter": {"all": [{"field": "region", "op": "eq", "value": "Bretagne"}]}},
                  {"name": "VIP", "description": "Best customers", "filter": {"all": [{"field": "tags", "op": "has", "value": "vip"}]}}
                ]}
                """.utf8)
            let created = try await world.write { conn in try definitions.importFile(first, actor: .system, conn) }
            #expect(created == SegmentDefinitions.Summary(created: ["Bretagne", "VIP"]))
            let second = Data("""
                {"segments": [
                  {"name": "Bretagne", "filter": {"all": [{"field": "region", "op": "in", "value": ["Bretagne", "Normandie"]}]}},
                  {"name": "VIP", "description": "Best customers", "filter": {"all": [{"field": "tags", "op": "has", "value": "vip"}]}}
                ]}
                """.utf8)
            let changed = try await world.write { conn in try definitions.importFile(second, actor: .system, conn) }
            #expect(changed == SegmentDefinitions.Summary(updated: ["Bretagne"], unchanged: ["VIP"]))

            let broken = Data("""
                {"segments": [
                  {"name": "New", "filter": {"all": []}},
                  {"name": "Bad", "filter": {"all": [{"field": "region", "op": "eq", "value": "x"}, {"field": "colour", "op": "eq", "value": "red"}]}}
                ]}
                """.utf8)
            let error = await #expect(throws: CarnetError.self) {
                try await world.write { conn in try definitions.importFile(broken, actor: .system, conn) }
            }
            guard case .validation(let problems)? = error else { Issue.record("\(String(describing: error))"); return }
            #expect(problems.map(\.field) == ["segments[1].filter.all[1].field"])

            let exported = try await world.read { conn in try definitions.export(conn) }
            let text = String(decoding: exported, as: UTF8.self)
            #expect(text.contains("\"name\" : \"Bretagne\"") && text.contains("\"Normandie\"") && !text.contains("\"New\""))
            // The export imports back unchanged.
            let again = try await world.write { conn in try definitions.importFile(exported, actor: .system, conn) }
            #expect(again == SegmentDefinitions.Summary(unchanged: ["Bretagne", "VIP"]))
        }
    }
}
