import CarnetCore
import Foundation
import Testing

@Suite("NextActionPolicy")
struct NextActionPolicyTests {
    let now = Timestamp.parse("2026-03-25T10:00+01:00")!
    let pipeline = Pipeline.standard

    func deal(stage: String, action: String? = nil, at: String? = nil) -> Deal {
        var deal = Deal(id: "deal_1", pipeline: pipeline, currency: .eur, at: now)
        deal.title = "Website redesign"
        deal.stage = stage
        deal.nextAction = action
        deal.nextActionAt = at.flatMap(Timestamp.parse)
        return deal
    }

    @Test("by default every open stage requires a next action and its date", arguments: ["lead", "qualified", "meeting", "proposal", "negotiation"])
    func everyOpenStage(stage: String) {
        #expect(NextActionPolicy().missing(for: deal(stage: stage), in: pipeline).map(\.field) == ["next_action", "next_action_at"])
        #expect(NextActionPolicy().missing(for: deal(stage: stage, action: "Call", at: "2026-03-26T09:00Z"), in: pipeline).isEmpty)
    }

    @Test("won and lost stages never require one, even when configured", arguments: ["won", "lost"])
    func closedStages(stage: String) {
        #expect(NextActionPolicy().missing(for: deal(stage: stage), in: pipeline).isEmpty)
        #expect(NextActionPolicy(stages: ["won", "lost"]).missing(for: deal(stage: stage), in: pipeline).isEmpty)
    }

    @Test("a configured set limits the stages that require it")
    func configured() {
        let policy = NextActionPolicy(stages: ["proposal", "negotiation"])
        #expect(policy.missing(for: deal(stage: "lead"), in: pipeline).isEmpty)
        #expect(policy.missing(for: deal(stage: "proposal", action: "Call"), in: pipeline).map(\.field) == ["next_action_at"])
        #expect(policy.missing(for: deal(stage: "negotiation", at: "2026-03-26T09:00Z"), in: pipeline).map(\.field) == ["next_action"])
        #expect(policy.requiresNextAction(in: pipeline.stage("proposal")!))
        #expect(!policy.requiresNextAction(in: pipeline.stage("meeting")!))
    }

    @Test("a blank next action counts as missing")
    func blank() {
        #expect(NextActionPolicy().missing(for: deal(stage: "lead", action: "   ", at: "2026-03-26T09:00Z"), in: pipeline).map(\.field) == ["next_action"])
    }

    @Test("the messages name the stage in the user's language")
    func messages() {
        let errors = NextActionPolicy().missing(for: deal(stage: "proposal"), in: pipeline, language: .fr)
        #expect(errors == [
            FieldError("next_action", "est obligatoire à l’étape Proposition envoyée : indiquez la prochaine action"),
            FieldError("next_action_at", "est obligatoire à l’étape Proposition envoyée : indiquez quand faire la prochaine action"),
        ])
        #expect(NextActionPolicy().missing(for: deal(stage: "proposal"), in: pipeline)[0].message == "is required in the stage Proposal sent: say what happens next")
    }

    @Test("archived deals and deals closed in an unknown stage require nothing")
    func notOpen() {
        var archived = deal(stage: "lead")
        archived.archivedAt = now
        #expect(NextActionPolicy().missing(for: archived, in: pipeline).isEmpty)
        var closed = deal(stage: "signed")
        closed.closedAt = now
        #expect(NextActionPolicy().missing(for: closed, in: pipeline).isEmpty)
        #expect(NextActionPolicy().missing(for: deal(stage: "signed"), in: pipeline).count == 2)
        #expect(NextActionPolicy(stages: ["lead"]).missing(for: deal(stage: "signed"), in: pipeline).isEmpty)
    }

    @Test("a deal is overdue when its open next action was due before now")
    func overdue() {
        let policy = NextActionPolicy()
        #expect(policy.isOverdue(deal(stage: "lead", action: "Call", at: "2026-03-25T08:59Z"), in: pipeline, now: now))
        #expect(!policy.isOverdue(deal(stage: "lead", action: "Call", at: "2026-03-25T09:00Z"), in: pipeline, now: now))
        #expect(!policy.isOverdue(deal(stage: "lead"), in: pipeline, now: now))
        #expect(!policy.isOverdue(deal(stage: "won", action: "Call", at: "2026-03-20T09:00Z"), in: pipeline, now: now))
    }
}
