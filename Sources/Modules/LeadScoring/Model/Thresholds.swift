/// The scores from which a contact is warm and hot; `0 < warm < hot <= 100`.
public struct Thresholds: Sendable, Equatable, Codable {
    public var warm: Int
    public var hot: Int

    public init(warm: Int, hot: Int) {
        self.warm = warm
        self.hot = hot
    }

    /// The band of a score.
    public func band(of score: Int) -> ScoreBand {
        score >= hot ? .hot : score >= warm ? .warm : .cold
    }
}
