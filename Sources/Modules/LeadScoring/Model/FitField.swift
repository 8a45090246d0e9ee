/// The contact or company field a fit rule reads.
///
/// Region and country are the contact's, or its company's when the contact has none.
public enum FitField: String, Sendable, Codable, CaseIterable {
    /// The contact's job title: matches when it contains one of the rule's words or phrases.
    case title
    /// The company's industry: matches when it is one of the rule's values.
    case industry
    /// The company's head count: matches within the rule's `min`...`max`.
    case companySize = "company_size"
    /// The company's annual revenue in minor units: matches within `min`...`max`.
    case annualRevenue = "annual_revenue"
    case region, country

    /// Whether the rule gives a range (`min`, `max`) rather than a list of values.
    public var isRange: Bool { self == .companySize || self == .annualRevenue }
}
