/// Points for who the contact is: its title, its company's industry, size or revenue, its region or country.
public struct FitRule: Sendable, Equatable, Codable {
    public var id: String
    public var label: String
    /// Kept as text so that an unknown field is a 422 naming the rule, not a decoding failure.
    public var field: String
    /// The words (title) or values (industry, region, country) that match, compared without case or accents.
    public var values: [String]?
    /// The inclusive bounds of a range field; either may be absent.
    public var min: Int64?
    public var max: Int64?
    /// Added when the rule matches; negative to penalise.
    public var points: Int

    public init(id: String, label: String, field: FitField, values: [String]? = nil, min: Int64? = nil, max: Int64? = nil, points: Int) {
        self.id = id
        self.label = label
        self.field = field.rawValue
        self.values = values
        self.min = min
        self.max = max
        self.points = points
    }
}
