import Foundation

/// An organisation: a client, a prospect, a partner.
public struct Company: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var industry: String?
    /// Number of employees.
    public var size: Int?
    /// Yearly revenue in minor units of `currency`.
    public var annualRevenue: Int64?
    public var currency: CurrencyCode?
    public var region: String?
    public var country: String?
    public var website: String?
    public var ownerID: String?
    public var customFields: [String: JSONValue]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var archivedAt: Date?

    public init(id: String, at now: Date) {
        self.id = id
        name = ""
        customFields = [:]
        version = 1
        createdAt = now
        updatedAt = now
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, industry, size, annualRevenue = "annual_revenue", currency, region, country, website
        case ownerID = "owner_id", customFields = "custom_fields", version
        case createdAt = "created_at", updatedAt = "updated_at", archivedAt = "archived_at"
    }

    /// Writes every field, `null` included, so the API's JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(industry, forKey: .industry)
        try c.encode(size, forKey: .size)
        try c.encode(annualRevenue, forKey: .annualRevenue)
        try c.encode(currency, forKey: .currency)
        try c.encode(region, forKey: .region)
        try c.encode(country, forKey: .country)
        try c.encode(website, forKey: .website)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(customFields, forKey: .customFields)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(archivedAt, forKey: .archivedAt)
    }

    /// Checks every field and throws all problems at once.
    public func validate() throws(CarnetError) {
        var check = Validator()
        check.required("name", name)
        check.length("industry", industry)
        if let size, size < 0 { check.fail("size", "must be a number of employees, 0 or more") }
        if let annualRevenue, annualRevenue < 0 { check.fail("annual_revenue", "must not be negative") }
        check.length("region", region)
        if let country, !Country.isValid(country) { check.fail("country", "must be an ISO 3166 two-letter code such as FR (got \(country))") }
        check.length("website", website)
        check.customFields(customFields)
        try check.check()
    }

    /// Trims texts and upper-cases the country.
    public mutating func normalize() {
        name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        industry = industry?.trimmedOrNil
        region = region?.trimmedOrNil
        country = country?.trimmedOrNil?.uppercased()
        website = website?.trimmedOrNil
    }
}

/// A partial change to a company: the body of `POST` and `PATCH /api/v1/companies`.
public struct CompanyPatch: Sendable, Decodable {
    public var name: String?
    public var industry, region, country, website, ownerID: String??
    public var size: Int??
    public var annualRevenue: Int64??
    public var currency: CurrencyCode??
    public var customFields: [String: JSONValue]??
    public var version: Int?

    public init() {}

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: Company.CodingKeys.self)
        let c = try decoder.container(keyedBy: Company.CodingKeys.self)
        name = try c.patch(String.self, forKey: .name).map { $0 ?? "" }
        industry = try c.patch(String.self, forKey: .industry)
        region = try c.patch(String.self, forKey: .region)
        country = try c.patch(String.self, forKey: .country)
        website = try c.patch(String.self, forKey: .website)
        ownerID = try c.patch(String.self, forKey: .ownerID)
        size = try c.patch(Int.self, forKey: .size)
        annualRevenue = try c.patch(Int64.self, forKey: .annualRevenue)
        currency = try c.patch(CurrencyCode.self, forKey: .currency)
        customFields = try c.patch([String: JSONValue].self, forKey: .customFields)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension Company {
    /// Applies a patch; custom fields merge key by key.
    public mutating func apply(_ patch: CompanyPatch) {
        if let newName = patch.name { name = newName }
        CarnetCore.apply(patch.industry, to: &industry)
        CarnetCore.apply(patch.region, to: &region)
        CarnetCore.apply(patch.country, to: &country)
        CarnetCore.apply(patch.website, to: &website)
        CarnetCore.apply(patch.ownerID, to: &ownerID)
        CarnetCore.apply(patch.size, to: &size)
        CarnetCore.apply(patch.annualRevenue, to: &annualRevenue)
        CarnetCore.apply(patch.currency, to: &currency)
        if let fields = patch.customFields { customFields.merge(patch: fields) }
        normalize()
    }
}
