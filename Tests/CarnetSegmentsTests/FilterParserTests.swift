import CarnetCore
@testable import CarnetSegments
import Foundation
import Testing

@Suite("Segment filter language")
struct FilterParserTests {
    let parser = FilterParser(openStages: ["lead", "qualified", "proposal"], scoringEnabled: false)

    func problems(_ json: JSONValue, _ parser: FilterParser? = nil) -> [FieldError] {
        do {
            _ = try (parser ?? self.parser).parse(json)
            return []
        } catch {
            if case .validation(let errors) = error { return errors }
            return [FieldError("-", "\(error)")]
        }
    }

    @Test("a nested filter reads into groups and typed values")
    func reads() throws {
        let json = JSONValue.all(.condition("region", "eq", .string("Bretagne")),
                                 .any(.condition("tags", "has", .string("VIP")), .condition("last_activity", "within_days", .number(30))))
        let filter = try parser.parse(json)
        #expect(filter.root.combinator == .all)
        #expect(filter.root.nodes.count == 2)
        guard case .group(let inner) = filter.root.nodes[1], case .condition(let tag) = inner.nodes[0], case .condition(let days) = inner.nodes[1] else {
            Issue.record("not the expected shape: \(filter.root)")
            return
        }
        #expect(inner.combinator == .any)
        // Tags are stored lowercased, so the value is too.
        #expect(tag.value == .text("vip"))
        #expect(days.value == .days(30))
        #expect(filter.json == json)
    }

    @Test("each mistake is a problem named by its path", arguments: [
        (JSONValue.all(.condition("region", "eq", .string("x")), .condition("regoin", "eq", .string("x"))), "filter.all[1].field"),
        (.all(.condition("region", "gt", .number(3))), "filter.all[0].op"),
        (.all(.condition("tags", "eq", .string("vip"))), "filter.all[0].op"),
        (.all(.condition("region", "eq", .number(3))), "filter.all[0].value"),
        (.all(.condition("region", "in", .array([]))), "filter.all[0].value"),
        (.all(.condition("region", "in", .array([.string("a"), .number(1)]))), "filter.all[0].value[1]"),
        (.all(.condition("created_at", "before", .string("2026-02-30"))), "filter.all[0].value"),
        (.all(.condition("last_activity", "within_days", .number(1.5))), "filter.all[0].value"),
        (.all(.condition("company.size_band", "eq", .string("huge"))), "filter.all[0].value"),
        (.all(.condition("open_deal_stage", "eq", .string("won"))), "filter.all[0].value"),
        (.all(.condition("email_opt_in", "eq", .string("yes"))), "filter.all[0].value"),
        (.all(.condition("custom.bad-key", "eq", .string("x"))), "filter.all[0].field"),
        (.all(.any(.condition("score", "gte", .number(50)))), "filter.all[0].any[0].field"),
        (.object(["all": .array([.object(["field": .string("region"), "op": .string("eq"), "value": .string("x"), "extra": .bool(true)])])]), "filter.all[0].extra"),
        (.object(["some": .array([])]), "filter"),
        (.all(.string("region")), "filter.all[0]"),
        (.all(.any(.all(.any(.all(.condition("region", "eq", .string("x"))))))), "filter.all[0].any[0].all[0].any[0]"),
    ])
    func problemPath(json: JSONValue, path: String) {
        let found = problems(json)
        #expect(found.map(\.field) == [path], "\(found)")
    }

    @Test("a filter on scores needs the leadscoring module, and says so")
    func scoresNeedTheModule() throws {
        let json = JSONValue.all(.condition("band", "eq", .string("hot")))
        let found = problems(json)
        #expect(found.count == 1)
        #expect(found.first?.field == "filter.all[0].field")
        #expect(found.first?.message.contains("leadscoring") == true)
        let enabled = FilterParser(openStages: [], scoringEnabled: true)
        #expect(try enabled.parse(json).needsScores)
        let french = FilterParser(openStages: [], scoringEnabled: false, language: .fr)
        #expect(problems(json, french).first?.message == "« band » lit les scores des leads, qui demandent le module leadscoring : activez-le d’abord")
    }

    @Test("every problem is reported at once, and the size limits hold")
    func limits() {
        let two = problems(.all(.condition("nope", "eq", .string("x")), .condition("city", "contains", .string(""))))
        #expect(two.map(\.field) == ["filter.all[0].field", "filter.all[1].value"])
        let many = JSONValue.object(["all": .array(Array(repeating: .condition("city", "eq", .string("x")), count: 51))])
        #expect(problems(many).map(\.field) == ["filter"])
        let long = JSONValue.all(.condition("city", "in", .array(Array(repeating: .string("x"), count: 101))))
        #expect(problems(long).map(\.field) == ["filter.all[0].value"])
    }

    @Test("the SQL is one parameterised condition: values are bound, never written into the text")
    func compiles() throws {
        let filter = try parser.parse(.all(.condition("region", "eq", .string("Bretagne'; DROP TABLE contacts; --")),
                                           .any(.condition("tags", "has", .string("vip")), .condition("city", "contains", .string("50%_off")))))
        let (sql, binds) = FilterSQL(dialect: .sqlite, now: Date(timeIntervalSince1970: 0)).condition(filter)
        #expect(sql == "(c.region = ?) AND ((c.id IN (SELECT t.contact_id FROM contact_tags t WHERE t.tag = ?)) OR (LOWER(c.city) LIKE ? ESCAPE '\\'))")
        #expect(binds == [.text("Bretagne'; DROP TABLE contacts; --"), .text("vip"), .text("%50\\%\\_off%")])
    }
}
