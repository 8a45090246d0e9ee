/// Whether a stage closes a deal.
public enum StageOutcome: String, Sendable, Codable {
    case open, won, lost
}

/// One column of a pipeline, with the rule a deal must pass to enter it.
///
/// The rule is data — field names and an activity kind — so an admin changes it in
/// the configuration, and the error a user sees names exactly what is missing.
public struct Stage: Sendable, Equatable, Codable {
    public var key: String
    public var name: String
    /// The French name shown to French-speaking users.
    public var nameFR: String?
    /// Win probability in percent.
    public var probability: Int
    /// Deal fields that must have a value to enter: `amount`, `expected_close`, `custom.need`, ...
    public var requiredFields: [String]
    /// A kind of activity that must be logged on the deal before it can enter.
    public var requiredActivity: ActivityKind?
    public var outcome: StageOutcome

    public init(key: String, name: String, nameFR: String? = nil, probability: Int, requiredFields: [String] = [], requiredActivity: ActivityKind? = nil, outcome: StageOutcome = .open) {
        self.key = key
        self.name = name
        self.nameFR = nameFR
        self.probability = probability
        self.requiredFields = requiredFields
        self.requiredActivity = requiredActivity
        self.outcome = outcome
    }

    enum CodingKeys: String, CodingKey {
        case key, name, nameFR = "name_fr", probability, requiredFields = "required_fields"
        case requiredActivity = "required_activity", outcome
    }

    /// Writes every field, `null` included, so the API's JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(name, forKey: .name)
        try c.encode(nameFR, forKey: .nameFR)
        try c.encode(probability, forKey: .probability)
        try c.encode(requiredFields, forKey: .requiredFields)
        try c.encode(requiredActivity, forKey: .requiredActivity)
        try c.encode(outcome, forKey: .outcome)
    }

    /// The field names a stage rule may require.
    public static let ruleFields: Set<String> = [
        "contact", "company", "owner", "amount", "currency", "expected_close", "next_action", "next_action_at", "lost_reason", "title",
    ]

    /// Whether `field` may appear in `required_fields`.
    public static func isRuleField(_ field: String) -> Bool {
        ruleFields.contains(field) || (field.hasPrefix("custom.") && field.count > 7)
    }
}
