import Foundation

/// A person the company deals with.
public struct Contact: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var firstName: String?
    public var lastName: String?
    /// The primary e-mail address, used to find duplicates and to send mail.
    public var email: String?
    /// Other addresses for the same person.
    public var emails: [String]
    public var phones: [String]
    public var title: String?
    public var companyID: String?
    public var street: String?
    public var postcode: String?
    public var city: String?
    public var region: String?
    /// ISO 3166-1 alpha-2 country code, upper case.
    public var country: String?
    /// Where the contact came from: a form, a fair, an import, a referral.
    public var source: String?
    /// An id in another system, used by `import --upsert-by external_ref`.
    public var externalRef: String?
    public var tags: [String]
    public var ownerID: String?
    /// The person agreed to receive marketing e-mail.
    public var emailOptIn: Bool
    /// Never e-mail this person, whatever else says (a hard opt-out).
    public var doNotEmail: Bool
    public var customFields: [String: JSONValue]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var archivedAt: Date?

    public init(id: String, at now: Date) {
        self.id = id
        emails = []
        phones = []
        tags = []
        emailOptIn = false
        doNotEmail = false
        customFields = [:]
        version = 1
        createdAt = now
        updatedAt = now
    }

    /// The longest tag, in characters.
    public static let tagLimit = 50

    /// "First Last", or the e-mail when there is no name.
    public var displayName: String {
        let name = [firstName, lastName].compactMap { $0 }.joined(separator: " ")
        return name.isEmpty ? (email ?? id) : name
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, firstName = "first_name", lastName = "last_name", email, emails, phones, title
        case companyID = "company_id", street, postcode, city, region, country, source
        case externalRef = "external_ref", tags, ownerID = "owner_id", emailOptIn = "email_opt_in"
        case doNotEmail = "do_not_email", customFields = "custom_fields", version
        case createdAt = "created_at", updatedAt = "updated_at", archivedAt = "archived_at"
    }

    /// Writes every field, `null` included, so the API's JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(firstName, forKey: .firstName)
        try c.encode(lastName, forKey: .lastName)
        try c.encode(email, forKey: .email)
        try c.encode(emails, forKey: .emails)
        try c.encode(phones, forKey: .phones)
        try c.encode(title, forKey: .title)
        try c.encode(companyID, forKey: .companyID)
        try c.encode(street, forKey: .street)
        try c.encode(postcode, forKey: .postcode)
        try c.encode(city, forKey: .city)
        try c.encode(region, forKey: .region)
        try c.encode(country, forKey: .country)
        try c.encode(source, forKey: .source)
        try c.encode(externalRef, forKey: .externalRef)
        try c.encode(tags, forKey: .tags)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(emailOptIn, forKey: .emailOptIn)
        try c.encode(doNotEmail, forKey: .doNotEmail)
        try c.encode(customFields, forKey: .customFields)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(archivedAt, forKey: .archivedAt)
    }

    /// Checks every field and throws all problems at once.
    public func validate() throws(CarnetError) {
        var check = Validator()
        if (firstName ?? "").isBlank && (lastName ?? "").isBlank && (email ?? "").isBlank {
            check.fail("last_name", "a contact needs a first name, a last name or an e-mail")
        }
        check.length("first_name", firstName)
        check.length("last_name", lastName)
        check.email("email", email)
        check.list("emails", emails)
        for (index, address) in emails.enumerated() where !EmailAddress.isValid(address) {
            check.fail("emails[\(index)]", "is not a valid e-mail address: \(address)")
        }
        check.list("phones", phones, itemMax: 40)
        check.length("title", title)
        check.length("street", street)
        check.length("postcode", postcode, max: 20)
        check.length("city", city)
        check.length("region", region)
        if let country, !Country.isValid(country) { check.fail("country", "must be an ISO 3166 two-letter code such as FR (got \(country))") }
        check.length("source", source)
        check.length("external_ref", externalRef)
        check.list("tags", tags, itemMax: Self.tagLimit)
        check.customFields(customFields)
        try check.check()
    }

    /// Trims texts, lower-cases e-mails, upper-cases the country, drops empty list items.
    public mutating func normalize() {
        firstName = firstName?.trimmedOrNil
        lastName = lastName?.trimmedOrNil
        email = email?.trimmedOrNil.map(EmailAddress.normalized)
        emails = emails.compactMap { $0.trimmedOrNil.map(EmailAddress.normalized) }
        phones = phones.compactMap(\.trimmedOrNil)
        title = title?.trimmedOrNil
        street = street?.trimmedOrNil
        postcode = postcode?.trimmedOrNil
        city = city?.trimmedOrNil
        region = region?.trimmedOrNil
        country = country?.trimmedOrNil?.uppercased()
        source = source?.trimmedOrNil
        externalRef = externalRef?.trimmedOrNil
        var seen = Set<String>()
        tags = tags.compactMap(\.trimmedOrNil).filter { seen.insert($0.lowercased()).inserted }
    }
}

/// A partial change to a contact: the body of `POST` and `PATCH /api/v1/contacts`.
public struct ContactPatch: Sendable, Decodable {
    public var firstName, lastName, email, title, companyID, street, postcode, city, region, country, source, externalRef, ownerID: String??
    public var emails, phones, tags: [String]??
    public var emailOptIn, doNotEmail: Bool??
    public var customFields: [String: JSONValue]??
    public var version: Int?

    public init() {}

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: Contact.CodingKeys.self)
        let c = try decoder.container(keyedBy: Contact.CodingKeys.self)
        firstName = try c.patch(String.self, forKey: .firstName)
        lastName = try c.patch(String.self, forKey: .lastName)
        email = try c.patch(String.self, forKey: .email)
        title = try c.patch(String.self, forKey: .title)
        companyID = try c.patch(String.self, forKey: .companyID)
        street = try c.patch(String.self, forKey: .street)
        postcode = try c.patch(String.self, forKey: .postcode)
        city = try c.patch(String.self, forKey: .city)
        region = try c.patch(String.self, forKey: .region)
        country = try c.patch(String.self, forKey: .country)
        source = try c.patch(String.self, forKey: .source)
        externalRef = try c.patch(String.self, forKey: .externalRef)
        ownerID = try c.patch(String.self, forKey: .ownerID)
        emails = try c.patch([String].self, forKey: .emails)
        phones = try c.patch([String].self, forKey: .phones)
        tags = try c.patch([String].self, forKey: .tags)
        emailOptIn = try c.patch(Bool.self, forKey: .emailOptIn)
        doNotEmail = try c.patch(Bool.self, forKey: .doNotEmail)
        customFields = try c.patch([String: JSONValue].self, forKey: .customFields)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension Contact {
    /// Applies a patch; custom fields merge key by key (a `null` value removes that key).
    public mutating func apply(_ patch: ContactPatch) {
        CarnetCore.apply(patch.firstName, to: &firstName)
        CarnetCore.apply(patch.lastName, to: &lastName)
        CarnetCore.apply(patch.email, to: &email)
        CarnetCore.apply(patch.title, to: &title)
        CarnetCore.apply(patch.companyID, to: &companyID)
        CarnetCore.apply(patch.street, to: &street)
        CarnetCore.apply(patch.postcode, to: &postcode)
        CarnetCore.apply(patch.city, to: &city)
        CarnetCore.apply(patch.region, to: &region)
        CarnetCore.apply(patch.country, to: &country)
        CarnetCore.apply(patch.source, to: &source)
        CarnetCore.apply(patch.externalRef, to: &externalRef)
        CarnetCore.apply(patch.ownerID, to: &ownerID)
        CarnetCore.apply(patch.emails, to: &emails, empty: [])
        CarnetCore.apply(patch.phones, to: &phones, empty: [])
        CarnetCore.apply(patch.tags, to: &tags, empty: [])
        CarnetCore.apply(patch.emailOptIn, to: &emailOptIn, empty: false)
        CarnetCore.apply(patch.doNotEmail, to: &doNotEmail, empty: false)
        if let fields = patch.customFields { customFields.merge(patch: fields) }
        normalize()
    }
}
