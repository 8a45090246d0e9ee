/// An ordered list of stages a deal moves through.
public struct Pipeline: Sendable, Equatable, Codable {
    public var key: String
    public var name: String
    public var stages: [Stage]

    public init(key: String = "default", name: String = "Sales", stages: [Stage]) {
        self.key = key
        self.name = name
        self.stages = stages
    }

    /// The stage with this key, if the pipeline has it.
    public func stage(_ key: String) -> Stage? {
        stages.first { $0.key == key }
    }

    /// Problems with the pipeline's own definition (used when loading configuration).
    public func definitionErrors() -> [String] {
        var problems: [String] = []
        if stages.isEmpty { problems.append("a pipeline needs at least one stage") }
        var keys = Set<String>()
        for stage in stages {
            if !keys.insert(stage.key).inserted { problems.append("stage key \(stage.key) appears twice") }
            if stage.key.isEmpty || !stage.key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
                problems.append("stage key \(stage.key) must be lower-case letters, digits or _")
            }
            if !(0...100).contains(stage.probability) { problems.append("stage \(stage.key): probability must be 0 to 100") }
            for field in stage.requiredFields where !Stage.isRuleField(field) {
                problems.append("stage \(stage.key): unknown required field \(field) (use \(Stage.ruleFields.sorted().joined(separator: ", ")) or custom.<name>)")
            }
        }
        return problems
    }

    /// The default sales pipeline: lead → qualified → meeting → proposal → negotiation → won / lost.
    public static let standard = Pipeline(stages: [
        Stage(key: "lead", name: "Lead", nameFR: "Piste", probability: 10, requiredFields: ["contact"]),
        Stage(key: "qualified", name: "Qualified", nameFR: "Qualifiée", probability: 25, requiredFields: ["custom.need", "custom.decision_maker"]),
        Stage(key: "meeting", name: "Discovery meeting", nameFR: "Rendez-vous de découverte", probability: 40, requiredActivity: .meeting),
        Stage(key: "proposal", name: "Proposal sent", nameFR: "Proposition envoyée", probability: 60, requiredFields: ["amount", "expected_close"]),
        Stage(key: "negotiation", name: "Negotiation", nameFR: "Négociation", probability: 80, requiredFields: ["next_action", "next_action_at"]),
        Stage(key: "won", name: "Won", nameFR: "Gagnée", probability: 100, requiredFields: ["amount"], outcome: .won),
        Stage(key: "lost", name: "Lost", nameFR: "Perdue", probability: 0, requiredFields: ["lost_reason"], outcome: .lost),
    ])
}
