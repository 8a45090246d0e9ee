import Foundation

/// The rules an admin edits, as one document: thresholds, fit, engagement and recency rules.
///
/// One document rather than rules edited one by one: the rules only mean something together
/// (the score is their sum, the thresholds cut it), so the whole is validated at once, saved
/// under one version (a stale save is a 409), recomputed once, and exported as the JSON file
/// that `carnet scoring backtest --model` takes.
public struct ScoringModel: Sendable, Equatable, Codable {
    public var thresholds: Thresholds
    public var fit: [FitRule]
    public var engagement: [EngagementRule]
    public var recency: [RecencyRule]

    public init(thresholds: Thresholds, fit: [FitRule] = [], engagement: [EngagementRule] = [], recency: [RecencyRule] = []) {
        self.thresholds = thresholds
        self.fit = fit
        self.engagement = engagement
        self.recency = recency
    }

    /// Missing lists read as empty, so a document may leave out what it does not use; a list
    /// given as `null` is an error, as the API's description says.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        thresholds = try c.decode(Thresholds.self, forKey: .thresholds)
        fit = c.contains(.fit) ? try c.decode([FitRule].self, forKey: .fit) : []
        engagement = c.contains(.engagement) ? try c.decode([EngagementRule].self, forKey: .engagement) : []
        recency = c.contains(.recency) ? try c.decode([RecencyRule].self, forKey: .recency) : []
    }

    /// The model in use until an admin saves one: senior titles, mid-sized companies, forms,
    /// clicks and meetings, warm from 40 and hot from 70.
    public static let standard = ScoringModel(
        thresholds: Thresholds(warm: 40, hot: 70),
        fit: [
            FitRule(id: "senior_title", label: "Senior title", field: .title,
                    values: ["ceo", "cfo", "cto", "founder", "owner", "director", "directeur", "head", "vp", "gérant"], points: 15),
            FitRule(id: "mid_size", label: "Company of 10 to 500 people", field: .companySize, min: 10, max: 500, points: 10),
        ],
        engagement: [
            EngagementRule(id: "forms", label: "Form submissions", signal: .formSubmitted, points: 25, halfLifeDays: 30, maxPoints: 40),
            EngagementRule(id: "email_clicks", label: "E-mail clicks", signal: .emailClicked, points: 8, halfLifeDays: 14, maxPoints: 20),
            EngagementRule(id: "email_opens", label: "E-mail opens", signal: .emailOpened, points: 2, halfLifeDays: 7, maxPoints: 10),
            EngagementRule(id: "meetings", label: "Meetings", signal: .meeting, points: 30, halfLifeDays: 45, maxPoints: 45),
            EngagementRule(id: "calls", label: "Calls", signal: .call, points: 10, halfLifeDays: 21, maxPoints: 20),
        ],
        recency: [
            RecencyRule(id: "active_this_week", label: "Active in the last 7 days", maxDays: 7, points: 10),
            RecencyRule(id: "gone_quiet", label: "Nothing for 90 days", minDays: 90, points: -10),
        ]
    )
}
