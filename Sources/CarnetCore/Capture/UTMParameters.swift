/// The campaign a lead came from, as the link they followed named it (`utm_source=newsletter`).
public struct UTMParameters: Sendable, Equatable, Codable {
    public var source, medium, campaign, term, content: String?

    public init(source: String? = nil, medium: String? = nil, campaign: String? = nil, term: String? = nil, content: String? = nil) {
        self.source = source
        self.medium = medium
        self.campaign = campaign
        self.term = term
        self.content = content
    }

    /// The parameter names, as links and forms send them.
    public static let names = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"]

    enum CodingKeys: String, CodingKey {
        case source = "utm_source", medium = "utm_medium", campaign = "utm_campaign", term = "utm_term", content = "utm_content"
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(source, forKey: .source)
        try c.encode(medium, forKey: .medium)
        try c.encode(campaign, forKey: .campaign)
        try c.encode(term, forKey: .term)
        try c.encode(content, forKey: .content)
    }

    /// Reads the parameters from `values` (trimmed, blanks left out); one longer than 200
    /// characters is a problem naming it.
    public static func read(_ values: [String: String], language: Language = .en, into check: inout Validator) -> UTMParameters {
        func value(_ name: String) -> String? {
            guard let text = values[name]?.trimmedOrNil else { return nil }
            CaptureForm.limit(&check, name, text, max: Limits.shortText, language)
            return text
        }
        return UTMParameters(source: value("utm_source"), medium: value("utm_medium"), campaign: value("utm_campaign"),
                             term: value("utm_term"), content: value("utm_content"))
    }
}
