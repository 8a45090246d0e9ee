import CarnetCore
import Foundation
import Testing

/// Assignment rules match and check without a database.
@Suite("Assignment rules")
struct AssignmentRuleTests {
    static func rule(_ kind: AssignmentKind, _ configure: (inout AssignmentRule) -> Void) -> AssignmentRule {
        var rule = AssignmentRule(id: "cru_\(kind.rawValue)", kind: kind, name: kind.rawValue, at: Date(timeIntervalSince1970: 0))
        configure(&rule)
        return rule
    }

    static let territory = rule(.territory) { $0.regions = ["Bretagne"]; $0.countries = ["BE"]; $0.postcodePrefixes = ["69", "SW1"]; $0.ownerID = "usr_t" }
    static let industry = rule(.industry) { $0.industries = ["Retail"]; $0.ownerID = "usr_i" }
    static let turn = rule(.roundRobin) { _ in }

    @Test("a territory matches a region or country ignoring case, or a postcode prefix", arguments: [
        (LeadFacts(region: "bretagne"), true), (LeadFacts(country: "be"), true), (LeadFacts(postcode: "69003"), true),
        (LeadFacts(postcode: "sw1a 1aa"), true), (LeadFacts(postcode: "75069"), false), (LeadFacts(region: "Normandie", country: "FR"), false),
        (LeadFacts(industry: "Retail"), false),
    ])
    func territory(facts: LeadFacts, matches: Bool) {
        #expect(Self.territory.matches(facts) == matches)
    }

    @Test("an industry rule matches the company's industry ignoring case; round robin matches all")
    func industryAndTurn() {
        #expect(Self.industry.matches(LeadFacts(industry: "retail")))
        #expect(!Self.industry.matches(LeadFacts(industry: "Banking")))
        #expect(!Self.industry.matches(LeadFacts()))
        #expect(Self.turn.matches(LeadFacts()))
    }

    @Test("the first matching rule wins")
    func order() {
        let rules = [Self.territory, Self.industry, Self.turn]
        #expect(AssignmentRule.first(matching: LeadFacts(region: "Bretagne", industry: "Retail"), in: rules)?.id == "cru_territory")
        #expect(AssignmentRule.first(matching: LeadFacts(region: "Alsace", industry: "Retail"), in: rules)?.id == "cru_industry")
        #expect(AssignmentRule.first(matching: LeadFacts(region: "Alsace"), in: rules)?.id == "cru_round_robin")
        #expect(AssignmentRule.first(matching: LeadFacts(region: "Alsace"), in: [Self.territory, Self.industry]) == nil)
    }

    @Test("a rule's problems name their fields", arguments: [
        (rule(.territory) { $0.ownerID = "usr_1" }, ["regions"]),
        (rule(.territory) { $0.regions = ["Alsace"] }, ["owner_id"]),
        (rule(.territory) { $0.countries = ["France"]; $0.ownerID = "usr_1" }, ["countries[0]", "countries[0]"]),
        (rule(.industry) { $0.ownerID = "usr_1"; $0.userIDs = ["usr_2"] }, ["user_ids", "industries"]),
        (rule(.roundRobin) { $0.ownerID = "usr_1"; $0.industries = ["Retail"] }, ["owner_id", "industries"]),
        (rule(.roundRobin) { $0.name = " "; $0.position = -1 }, ["name", "position"]),
    ])
    func problems(rule: AssignmentRule, fields: [String]) {
        do {
            try rule.validate()
            Issue.record("the rule passed")
        } catch {
            guard case .validation(let errors) = error else { Issue.record("\(error)"); return }
            #expect(errors.map(\.field) == fields)
        }
    }
}
