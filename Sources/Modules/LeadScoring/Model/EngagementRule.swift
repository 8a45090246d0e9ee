/// Points for each thing the contact did of one kind, fading with age: a signal `age` days old
/// is worth `points × 0.5^(age / half_life_days)`, the sum capped at `max_points` when given.
public struct EngagementRule: Sendable, Equatable, Codable {
    public var id: String
    public var label: String
    /// A `SignalKind` raw value, kept as text so that an unknown one is a 422 naming the rule.
    public var signal: String
    public var points: Int
    public var halfLifeDays: Double
    /// The most the rule adds (or, for negative points, takes away); nil is no cap.
    public var maxPoints: Int?

    enum CodingKeys: String, CodingKey {
        case id, label, signal, points, halfLifeDays = "half_life_days", maxPoints = "max_points"
    }

    public init(id: String, label: String, signal: SignalKind, points: Int, halfLifeDays: Double, maxPoints: Int? = nil) {
        self.id = id
        self.label = label
        self.signal = signal.rawValue
        self.points = points
        self.halfLifeDays = halfLifeDays
        self.maxPoints = maxPoints
    }
}
