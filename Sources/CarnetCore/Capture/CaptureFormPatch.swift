/// A partial change to a capture form: the body of `POST` and `PATCH /api/v1/capture/forms`.
public struct CaptureFormPatch: Sendable, Decodable {
    public var slug, title: String?
    public var fields: [CaptureField]?
    public var consentText, thankYouText, redirectURL: String??
    public var createDeal: Bool?
    public var tags: [String]?
    public var version: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case slug, title, fields, consentText = "consent_text", thankYouText = "thank_you_text", redirectURL = "redirect_url"
        case createDeal = "create_deal", tags, version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        slug = try c.decodeIfPresent(String.self, forKey: .slug)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        fields = try c.decodeIfPresent([CaptureField].self, forKey: .fields)
        consentText = try c.patch(String.self, forKey: .consentText)
        thankYouText = try c.patch(String.self, forKey: .thankYouText)
        redirectURL = try c.patch(String.self, forKey: .redirectURL)
        createDeal = try c.decodeIfPresent(Bool.self, forKey: .createDeal)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension CaptureForm {
    /// Applies a patch and tidies texts (trimmed, blanks to nil, tags without repeats); the caller validates.
    public mutating func apply(_ patch: CaptureFormPatch) {
        if let slug = patch.slug { self.slug = slug.trimmedOrNil ?? "" }
        if let title = patch.title { self.title = title.trimmedOrNil ?? "" }
        if let fields = patch.fields {
            self.fields = fields.map { field in
                var field = field
                field.name = field.name.trimmedOrNil ?? ""
                field.label = field.label.trimmedOrNil ?? ""
                field.options = field.options.compactMap(\.trimmedOrNil)
                field.mapsTo = field.mapsTo?.trimmedOrNil
                return field
            }
        }
        CarnetCore.apply(patch.consentText, to: &consentText)
        CarnetCore.apply(patch.thankYouText, to: &thankYouText)
        CarnetCore.apply(patch.redirectURL, to: &redirectURL)
        consentText = consentText?.trimmedOrNil
        thankYouText = thankYouText?.trimmedOrNil
        redirectURL = redirectURL?.trimmedOrNil
        if let createDeal = patch.createDeal { self.createDeal = createDeal }
        if let tags = patch.tags {
            var seen = Set<String>()
            self.tags = tags.compactMap(\.trimmedOrNil).filter { seen.insert($0.lowercased()).inserted }
        }
    }
}
