import CarnetCore
import Foundation
import Testing

@Suite("RottingRule")
struct RottingRuleTests {
    let created = Timestamp.parse("2026-03-01T10:00Z")!
    let rule = RottingRule(days: ["lead": 7, "proposal": 10])

    func deal(stage: String = "lead", enteredStage: String? = nil) -> Deal {
        var deal = Deal(id: "deal_1", pipeline: .standard, currency: .eur, at: created)
        deal.stage = stage
        if let enteredStage { deal.stageChangedAt = Timestamp.parse(enteredStage)! }
        return deal
    }

    func at(_ text: String) -> Date { Timestamp.parse(text)! }

    @Test("counts whole days since the last activity", arguments: [
        ("2026-03-20T10:00Z", "2026-03-27T09:59Z", 6, false),
        ("2026-03-20T10:00Z", "2026-03-27T10:00Z", 7, true),
        ("2026-03-20T10:00Z", "2026-04-02T10:00Z", 13, true),
        ("2026-03-20T10:00Z", "2026-03-19T10:00Z", 0, false),
    ])
    func fromActivity(activity: String, now: String, days: Int, stale: Bool) throws {
        let status = try #require(rule.status(of: deal(), lastActivityAt: at(activity), in: .standard, now: at(now)))
        #expect(status.daysSince == days)
        #expect(status.isStale == stale)
        #expect(status.since == at(activity))
        #expect(status.limit == 7)
    }

    @Test("without activity the clock starts when the deal entered its stage, or was created")
    func withoutActivity() throws {
        let fresh = try #require(rule.status(of: deal(), lastActivityAt: nil, in: .standard, now: at("2026-03-08T10:00Z")))
        #expect(fresh.since == created)
        #expect(fresh.isStale)
        let moved = try #require(rule.status(of: deal(stage: "proposal", enteredStage: "2026-03-05T10:00Z"), lastActivityAt: nil, in: .standard, now: at("2026-03-08T10:00Z")))
        #expect(moved.since == at("2026-03-05T10:00Z"))
        #expect(moved.daysSince == 3)
        #expect(!moved.isStale)
    }

    @Test("moving a deal to a new stage restarts the clock even when its last activity is older")
    func stageMoveRestarts() throws {
        let moved = deal(stage: "proposal", enteredStage: "2026-03-05T10:00Z")
        let status = try #require(rule.status(of: moved, lastActivityAt: at("2026-02-20T10:00Z"), in: .standard, now: at("2026-03-08T10:00Z")))
        #expect(status.since == at("2026-03-05T10:00Z"))
        #expect(status.daysSince == 3)
        #expect(!status.isStale)
    }

    @Test("editing a deal does not make it fresh")
    func updatedAtIgnored() throws {
        var edited = deal()
        edited.updatedAt = at("2026-03-10T10:00Z")
        #expect(try #require(rule.status(of: edited, lastActivityAt: nil, in: .standard, now: at("2026-03-10T11:00Z"))).isStale)
    }

    @Test("closed deals, archived deals and stages without a limit do not rot")
    func notApplicable() {
        let late = at("2027-01-01T00:00Z")
        #expect(rule.status(of: deal(stage: "won"), lastActivityAt: nil, in: .standard, now: late) == nil)
        #expect(RottingRule(days: ["won": 1]).status(of: deal(stage: "won"), lastActivityAt: nil, in: .standard, now: late) == nil)
        #expect(rule.status(of: deal(stage: "meeting"), lastActivityAt: nil, in: .standard, now: late) == nil)
        var archived = deal()
        archived.archivedAt = late
        #expect(rule.status(of: archived, lastActivityAt: nil, in: .standard, now: late) == nil)
    }

    @Test("the standard limits cover every open stage of the standard pipeline")
    func standard() {
        let open = Pipeline.standard.stages.filter { $0.outcome == .open }.map(\.key)
        #expect(Set(RottingRule.standard.days.keys) == Set(open))
    }
}
