import Foundation

/// A lead capture form an admin or manager publishes at `/f/{slug}`: its fields and where
/// their answers go, the consent checkbox, what the visitor sees after sending, and what
/// a new lead gets (tags, a deal in the pipeline's first stage).
public struct CaptureForm: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    /// The form's address: `/f/{slug}`; `[a-z0-9-]`, at most 60, unique.
    public var slug: String
    public var title: String
    public var fields: [CaptureField]
    /// The text of the consent checkbox; a ticked box sets the contact's e-mail opt-in.
    /// Nil shows no checkbox.
    public var consentText: String?
    /// Shown after a browser sends the form, when there is no redirect.
    public var thankYouText: String?
    /// Where a browser goes after sending the form: an http or https address.
    public var redirectURL: String?
    /// A new lead also gets a deal in the pipeline's first stage, titled from the form.
    public var createDeal: Bool
    /// Tags added to every lead the form brings.
    public var tags: [String]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var archivedAt: Date?

    public init(id: String, slug: String, title: String, fields: [CaptureField], at now: Date) {
        self.id = id
        self.slug = slug
        self.title = title
        self.fields = fields
        createDeal = false
        tags = []
        version = 1
        createdAt = now
        updatedAt = now
    }

    /// The hidden input bots fill and people do not: a submission with it filled is answered
    /// as if accepted and stored nowhere.
    public static let honeypot = "website_url"
    /// The consent checkbox's input name.
    public static let consent = "consent"
    /// The most fields a form has.
    public static let fieldLimit = 50
    /// The longest slug.
    public static let slugLimit = 60
    /// Input names fields may not take.
    public static var reservedNames: [String] { [honeypot, consent] + UTMParameters.names }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, slug, title, fields, consentText = "consent_text", thankYouText = "thank_you_text", redirectURL = "redirect_url"
        case createDeal = "create_deal", tags, version, createdAt = "created_at", updatedAt = "updated_at", archivedAt = "archived_at"
    }

    /// Writes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(slug, forKey: .slug)
        try c.encode(title, forKey: .title)
        try c.encode(fields, forKey: .fields)
        try c.encode(consentText, forKey: .consentText)
        try c.encode(thankYouText, forKey: .thankYouText)
        try c.encode(redirectURL, forKey: .redirectURL)
        try c.encode(createDeal, forKey: .createDeal)
        try c.encode(tags, forKey: .tags)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(archivedAt, forKey: .archivedAt)
    }

    /// Whether `slug` is 1 to 60 lower-case ASCII letters, digits or hyphens.
    public static func isSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.utf8.count <= slugLimit && slug.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }

    /// Checks the whole definition and throws every problem at once, each naming its field
    /// (`fields[2].maps_to`).
    public func validate(language: Language = .en) throws(CarnetError) {
        var check = Validator()
        let required = L10n.text("validation.required", language)
        if slug.isEmpty {
            check.fail("slug", required)
        } else if !Self.isSlug(slug) {
            check.fail("slug", L10n.text("capture.slug_format", language, ["value": slug]))
        }
        if title.isBlank { check.fail("title", required) }
        Self.limit(&check, "title", title, max: Limits.shortText, language)
        checkFields(&check, language)
        Self.limit(&check, "consent_text", consentText, max: 1_000, language)
        Self.limit(&check, "thank_you_text", thankYouText, max: 2_000, language)
        if let redirectURL, !Self.isWebAddress(redirectURL) {
            check.fail("redirect_url", L10n.text("capture.redirect_url", language, ["value": String(redirectURL.prefix(100))]))
        }
        check.list("tags", tags, max: 20, itemMax: Contact.tagLimit)
        try check.check()
    }

    private func checkFields(_ check: inout Validator, _ language: Language) {
        if fields.isEmpty { check.fail("fields", L10n.text("capture.fields_empty", language)) }
        if fields.count > Self.fieldLimit { check.fail("fields", L10n.text("capture.fields_too_many", language, ["max": String(Self.fieldLimit)])) }
        var names = Set<String>(), targets = Set<CaptureTarget>()
        for (index, field) in fields.enumerated() {
            let path = "fields[\(index)]"
            if !Self.isFieldName(field.name) {
                check.fail("\(path).name", L10n.text("capture.field_name_format", language, ["value": String(field.name.prefix(80))]))
            } else if Self.reservedNames.contains(field.name) {
                check.fail("\(path).name", L10n.text("capture.field_name_reserved", language, ["names": Self.reservedNames.joined(separator: ", ")]))
            } else if !names.insert(field.name).inserted {
                check.fail("\(path).name", L10n.text("capture.field_name_taken", language))
            }
            if field.label.isBlank { check.fail("\(path).label", L10n.text("validation.required", language)) }
            Self.limit(&check, "\(path).label", field.label, max: 500, language)
            if field.kind == .select {
                if field.options.isEmpty { check.fail("\(path).options", L10n.text("capture.options_required", language)) }
                check.list("\(path).options", field.options, max: 200, itemMax: Limits.shortText)
            } else if !field.options.isEmpty {
                check.fail("\(path).options", L10n.text("capture.options_not_select", language))
            }
            if let mapsTo = field.mapsTo {
                if let target = CaptureTarget(mapsTo) {
                    if !targets.insert(target).inserted { check.fail("\(path).maps_to", L10n.text("capture.maps_to_twice", language)) }
                    if field.kind == .checkbox && !target.isCustom { check.fail("\(path).maps_to", L10n.text("capture.checkbox_target", language)) }
                } else {
                    check.fail("\(path).maps_to", L10n.text("capture.maps_to_unknown", language, [
                        "value": String(mapsTo.prefix(80)), "contact": CaptureTarget.contactFields.joined(separator: ", "),
                        "company": CaptureTarget.companyFields.joined(separator: ", "),
                    ]))
                }
            }
            if let maxLength = field.maxLength {
                let most = field.target?.limit ?? Limits.longText
                if !(1...most).contains(maxLength) { check.fail("\(path).max_length", L10n.text("capture.max_length_range", language, ["max": String(most)])) }
            }
        }
        let identity: Set<CaptureTarget> = [.contact("email"), .contact("first_name"), .contact("last_name")]
        if !fields.isEmpty && targets.isDisjoint(with: identity) { check.fail("fields", L10n.text("capture.needs_identity", language)) }
    }

    /// Whether `name` is 1 to 64 lower-case ASCII letters, digits or `_`.
    static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64 && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// Whether `text` is an absolute http or https address with a host, at most 2,000 characters.
    static func isWebAddress(_ text: String) -> Bool {
        guard text.utf8.count <= 2_000, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else { return false }
        return true
    }

    static func limit(_ check: inout Validator, _ field: String, _ value: String?, max: Int, _ language: Language) {
        if let value, Validator.longer(value, than: max) {
            check.fail(field, L10n.text("validation.too_long", language, ["max": String(max), "count": String(value.count)]))
        }
    }
}
