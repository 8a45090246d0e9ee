import CarnetCore
import Testing

@Suite("Pipeline")
struct PipelineTests {
    @Test("the standard pipeline has the seven default stages in order")
    func standardStages() {
        let pipeline = Pipeline.standard
        #expect(pipeline.key == "default")
        #expect(pipeline.stages.map(\.key) == ["lead", "qualified", "meeting", "proposal", "negotiation", "won", "lost"])
        #expect(pipeline.stages.map(\.probability) == [10, 25, 40, 60, 80, 100, 0])
        #expect(pipeline.stages.map(\.outcome) == [.open, .open, .open, .open, .open, .won, .lost])
        #expect(pipeline.definitionErrors() == [])
    }

    @Test("the standard stages carry their entry rules", arguments: [
        ("lead", ["contact"], ActivityKind?.none),
        ("qualified", ["custom.need", "custom.decision_maker"], nil),
        ("meeting", [], .meeting),
        ("proposal", ["amount", "expected_close"], nil),
        ("negotiation", ["next_action", "next_action_at"], nil),
        ("won", ["amount"], nil),
        ("lost", ["lost_reason"], nil),
    ])
    func standardRules(key: String, fields: [String], activity: ActivityKind?) throws {
        let stage = try #require(Pipeline.standard.stage(key))
        #expect(stage.requiredFields == fields)
        #expect(stage.requiredActivity == activity)
        #expect(stage.nameFR != nil)
    }

    @Test("stage(_:) finds a stage by key and nothing else")
    func lookup() {
        #expect(Pipeline.standard.stage("proposal")?.name == "Proposal sent")
        #expect(Pipeline.standard.stage("Proposal") == nil)
        #expect(Pipeline.standard.stage("closed") == nil)
    }

    @Test("a pipeline without stages is refused")
    func empty() {
        #expect(Pipeline(stages: []).definitionErrors() == ["a pipeline needs at least one stage"])
    }

    @Test("duplicate stage keys are refused")
    func duplicateKeys() {
        let pipeline = Pipeline(stages: [
            Stage(key: "lead", name: "Lead", probability: 10),
            Stage(key: "lead", name: "Lead again", probability: 20),
        ])
        #expect(pipeline.definitionErrors() == ["stage key lead appears twice"])
    }

    @Test("a probability outside 0...100 is refused", arguments: [-1, 101, 1000])
    func badProbability(probability: Int) {
        let pipeline = Pipeline(stages: [Stage(key: "lead", name: "Lead", probability: probability)])
        #expect(pipeline.definitionErrors() == ["stage lead: probability must be 0 to 100"])
    }

    @Test("probabilities 0 and 100 are allowed", arguments: [0, 100])
    func edgeProbability(probability: Int) {
        #expect(Pipeline(stages: [Stage(key: "lead", name: "Lead", probability: probability)]).definitionErrors().isEmpty)
    }

    @Test("stage keys are lower-case letters, digits or underscores", arguments: ["Lead", "first stage", "", "lead-2"])
    func badKey(key: String) {
        let errors = Pipeline(stages: [Stage(key: key, name: "Stage", probability: 10)]).definitionErrors()
        #expect(errors == ["stage key \(key) must be lower-case letters, digits or _"])
    }

    @Test("an unknown required field is refused and the known ones are listed", arguments: ["budget", "custom.", "amount_eur", "contact_id"])
    func unknownRequiredField(field: String) throws {
        let pipeline = Pipeline(stages: [Stage(key: "lead", name: "Lead", probability: 10, requiredFields: ["amount", field])])
        let errors = pipeline.definitionErrors()
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.hasPrefix("stage lead: unknown required field \(field) "))
        #expect(error.contains("expected_close"))
        #expect(error.contains("custom.<name>"))
    }

    @Test("rule fields are the known deal fields and custom.<name>", arguments: [
        ("contact", true), ("amount", true), ("lost_reason", true), ("custom.need", true), ("custom.x", true),
        ("custom.", false), ("custom", false), ("probability", false), ("stage", false),
    ])
    func ruleFields(field: String, allowed: Bool) {
        #expect(Stage.isRuleField(field) == allowed)
    }

    @Test("every problem of a definition is reported")
    func severalProblems() {
        let pipeline = Pipeline(stages: [
            Stage(key: "lead", name: "Lead", probability: 10),
            Stage(key: "lead", name: "Lead", probability: 120, requiredFields: ["budget"]),
        ])
        let errors = pipeline.definitionErrors()
        #expect(errors.count == 3)
        #expect(errors.contains("stage key lead appears twice"))
        #expect(errors.contains("stage lead: probability must be 0 to 100"))
    }
}
