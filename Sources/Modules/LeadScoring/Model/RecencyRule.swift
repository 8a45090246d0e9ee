/// Points by the days since the contact's latest signal, when that falls in `min_days ..< max_days`.
///
/// A contact with no signal at all matches no recency rule: "no activity for 90 days" is
/// about leads that went quiet, not about contacts entered yesterday.
public struct RecencyRule: Sendable, Equatable, Codable {
    public var id: String
    public var label: String
    /// Inclusive; 0 when absent.
    public var minDays: Int?
    /// Exclusive; no upper bound when absent.
    public var maxDays: Int?
    public var points: Int

    enum CodingKeys: String, CodingKey {
        case id, label, minDays = "min_days", maxDays = "max_days", points
    }

    public init(id: String, label: String, minDays: Int? = nil, maxDays: Int? = nil, points: Int) {
        self.id = id
        self.label = label
        self.minDays = minDays
        self.maxDays = maxDays
        self.points = points
    }

    /// Whether a latest signal `days` old falls in the rule's window.
    func matches(days: Int) -> Bool {
        days >= (minDays ?? 0) && maxDays.map { days < $0 } ?? true
    }
}
