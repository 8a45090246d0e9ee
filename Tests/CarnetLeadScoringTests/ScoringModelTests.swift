import CarnetCore
import CarnetLeadScoring
import Foundation
import Testing

@Suite("Scoring model")
struct ScoringModelTests {
    /// Fit: director +15, software +10, 10-500 people +10, France +5. Engagement: forms 20 a
    /// piece halving every 10 days, capped at 30; meetings 30 halving every 30 days; e-mail
    /// opens 2 halving every 7 days. Recency: +5 within 7 days, -10 from 60 days.
    static let model = ScoringModel(
        thresholds: Thresholds(warm: 40, hot: 70),
        fit: [
            FitRule(id: "director", label: "Director", field: .title, values: ["director", "head"], points: 15),
            FitRule(id: "software", label: "Software", field: .industry, values: ["Software"], points: 10),
            FitRule(id: "mid_size", label: "Mid-sized", field: .companySize, min: 10, max: 500, points: 10),
            FitRule(id: "france", label: "France", field: .country, values: ["France"], points: 5),
        ],
        engagement: [
            EngagementRule(id: "forms", label: "Forms", signal: .formSubmitted, points: 20, halfLifeDays: 10, maxPoints: 30),
            EngagementRule(id: "meetings", label: "Meetings", signal: .meeting, points: 30, halfLifeDays: 30),
            EngagementRule(id: "opens", label: "Opens", signal: .emailOpened, points: 2, halfLifeDays: 7),
        ],
        recency: [
            RecencyRule(id: "recent", label: "Recent", maxDays: 7, points: 5),
            RecencyRule(id: "quiet", label: "Quiet", minDays: 60, points: -10),
        ]
    )

    @Test("fit rules add their points; forms decay and hit their cap; the explanation adds up to the score")
    func fitAndEngagement() {
        let facts = LeadFacts(title: "Sales Director", industry: "software", companySize: 50, country: "FRANCE", signals: [
            SignalCount(kind: .formSubmitted, ageDays: 0, count: 1), SignalCount(kind: .formSubmitted, ageDays: 10, count: 1),
            SignalCount(kind: .meeting, ageDays: 30, count: 1),
        ])
        let score = Self.model.score(facts)
        // Forms: 20 + 20 × 0.5 = 30 (the cap); meeting: 30 × 0.5 = 15; latest signal today: +5.
        #expect(score.contributions.map(\.rule) == ["director", "software", "mid_size", "france", "forms", "meetings", "recent"])
        #expect(score.contributions.map(\.points) == [15, 10, 10, 5, 30, 15, 5])
        #expect(score.score == 90)
        #expect(score.band == .hot)
    }

    @Test("decay by hand: a 20-day-old form is worth a quarter, a 3-day-old open 1.49, rounded to 1")
    func decay() {
        let facts = LeadFacts(title: "Headquarters manager", signals: [
            SignalCount(kind: .formSubmitted, ageDays: 20, count: 1), SignalCount(kind: .emailOpened, ageDays: 3, count: 1),
        ])
        let score = Self.model.score(facts)
        // "head" is a word of its own, not the start of "headquarters". 20 × 0.25 = 5; 2 × 0.5^(3/7) = 1.486.
        #expect(score.contributions.map(\.points) == [5, 1, 5])
        #expect(score.score == 11)
        #expect(score.band == .cold)
        let opens = score.contributions.first { $0.rule == "opens" }
        #expect(opens?.values == ["count": "1", "signal": "email_opened", "days": "3"])
    }

    @Test("a signal decayed to nothing drops out; quiet contacts lose points; the score never goes below 0 nor above 100")
    func clampAndQuiet() {
        let quiet = Self.model.score(LeadFacts(signals: [SignalCount(kind: .emailOpened, ageDays: 90, count: 1)]))
        // 2 × 0.5^(90/7) rounds to 0: left out. 90 days since the latest signal: -10, clamped to 0.
        #expect(quiet.contributions.map(\.rule) == ["quiet"])
        #expect(quiet.score == 0)
        #expect(Self.model.score(LeadFacts()).contributions.isEmpty)
        var generous = Self.model
        generous.fit[0].points = 100
        let top = generous.score(LeadFacts(title: "Director", industry: "Software"))
        #expect(top.contributions.map(\.points) == [100, 10])
        #expect(top.score == 100)
        #expect(top.band == .hot)
    }

    @Test("values match without case or accents; ranges include their bounds; region falls back nowhere in facts")
    func matching() {
        let model = ScoringModel(thresholds: Thresholds(warm: 40, hot: 70), fit: [
            FitRule(id: "idf", label: "Paris region", field: .region, values: ["Île-de-France"], points: 20),
            FitRule(id: "revenue", label: "Revenue", field: .annualRevenue, min: 100_000_00, max: 500_000_00, points: 7),
            FitRule(id: "directeur", label: "Directeur", field: .title, values: ["directeur général"], points: 9),
        ])
        let score = model.score(LeadFacts(title: "Directeur Général adjoint", annualRevenue: 500_000_00, region: "ILE-DE-FRANCE"))
        #expect(score.contributions.map(\.points) == [20, 7, 9])
        #expect(score.contributions.last?.values == ["value": "Directeur Général adjoint", "word": "directeur général"])
        #expect(model.score(LeadFacts(title: "Directeur", annualRevenue: 500_000_01)).score == 0)
    }

    @Test("signals are counted by whole days of age; one dated later than now is 0 days old")
    func signalAges() {
        let now = Date(timeIntervalSince1970: 1_772_442_000)
        let counts = LeadFacts.signals([
            (.call, now.addingTimeInterval(-86_399)), (.call, now.addingTimeInterval(-86_400)), (.call, now.addingTimeInterval(-2 * 86_400 - 1)),
            (.meeting, now.addingTimeInterval(3600)), (.meeting, now),
        ], now: now)
        #expect(counts == [
            SignalCount(kind: .call, ageDays: 0, count: 1), SignalCount(kind: .call, ageDays: 1, count: 1), SignalCount(kind: .call, ageDays: 2, count: 1),
            SignalCount(kind: .meeting, ageDays: 0, count: 2),
        ])
    }

    @Test("the explanation is stored as JSON and read back, its details in English and French")
    func explanation() {
        let score = Self.model.score(LeadFacts(title: "Head of sales", industry: "Software", signals: [SignalCount(kind: .formSubmitted, ageDays: 2, count: 2)]))
        let text = Explanation.json(score.contributions)
        #expect(Explanation.contributions(text) == score.contributions)
        let details = score.contributions.map { Explanation.detail($0, .en) }
        #expect(details == ["title “Head of sales” contains “head”", "industry is Software", "2 × form submitted, the latest 2 d ago", "latest activity 2 d ago"])
        #expect(Explanation.detail(score.contributions[2], .fr) == "2 × formulaire envoyé, le dernier il y a 2 j")
        #expect(Explanation.contributions("not json").isEmpty)
    }

    @Test("the backtest counts deals and wins by band and the AUC by hand")
    func backtestReport() {
        func outcome(_ score: Int, _ won: Bool) -> (score: LeadScore, won: Bool) {
            (LeadScore(score: score, band: Thresholds(warm: 40, hot: 70).band(of: score), contributions: []), won)
        }
        let report = BacktestReport(months: 6, since: Date(timeIntervalSince1970: 0),
                                    outcomes: [outcome(80, true), outcome(50, true), outcome(50, false), outcome(20, false), outcome(10, false)])
        #expect(report.bands.map(\.deals) == [2, 2, 1])
        #expect(report.bands.map(\.won) == [0, 1, 1])
        #expect(report.bands.map(\.winRate) == [0, 0.5, 1])
        // Won 80 beats all 3 lost; won 50 ties one (a half) and beats two: 5.5 of 6 pairs.
        #expect(report.auc == 0.917)
        #expect(BacktestReport(months: 6, since: Date(timeIntervalSince1970: 0), outcomes: [outcome(80, true)]).auc == nil)
    }
}
