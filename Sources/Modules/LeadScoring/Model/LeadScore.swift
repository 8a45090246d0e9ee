/// A contact's score, its band, and the contributions that add up to it (before clamping to 0...100).
public struct LeadScore: Sendable, Equatable {
    public var score: Int
    public var band: ScoreBand
    public var contributions: [Contribution]

    public init(score: Int, band: ScoreBand, contributions: [Contribution]) {
        self.score = score
        self.band = band
        self.contributions = contributions
    }
}
