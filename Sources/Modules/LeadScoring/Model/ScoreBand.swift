/// Where a score falls against the model's thresholds: below warm, from warm, from hot.
public enum ScoreBand: String, Sendable, Codable, CaseIterable, Comparable {
    case cold, warm, hot

    /// Colder bands sort first.
    public static func < (lhs: ScoreBand, rhs: ScoreBand) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
