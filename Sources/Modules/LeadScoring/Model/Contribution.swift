/// What one rule added to a score (negative: took away), and why.
///
/// `reason` is a localisation key and `values` its placeholders, so the explanation is
/// stored once and shown in the reader's language.
public struct Contribution: Sendable, Equatable {
    public var rule: String
    public var label: String
    public var points: Int
    public var reason: String
    public var values: [String: String]

    public init(rule: String, label: String, points: Int, reason: String, values: [String: String]) {
        self.rule = rule
        self.label = label
        self.points = points
        self.reason = reason
        self.values = values
    }
}
