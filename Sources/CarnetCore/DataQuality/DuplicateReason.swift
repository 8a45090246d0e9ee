/// Why two records look like one: what they share, as the API lists it.
///
/// `same_email`, `same_phone` and `same_domain` carry the shared value; `similar_name` the
/// names' similarity (0–1); `same_company` nothing more.
public struct DuplicateReason: Sendable, Hashable, Codable {
    public var code: String
    /// The e-mail, phone (E.164) or domain both have.
    public var value: String?
    /// For `similar_name`: the Jaro-Winkler similarity of the names.
    public var similarity: Double?

    public init(_ code: String, value: String? = nil, similarity: Double? = nil) {
        self.code = code
        self.value = value
        self.similarity = similarity
    }

    public static let sameEmail = "same_email"
    public static let samePhone = "same_phone"
    public static let similarName = "similar_name"
    public static let sameCompany = "same_company"
    public static let sameDomain = "same_domain"

    enum CodingKeys: String, CodingKey {
        case code, value, similarity
    }

    /// Writes `value` and `similarity` only when they are set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encodeIfPresent(value, forKey: .value)
        try c.encodeIfPresent(similarity, forKey: .similarity)
    }
}
