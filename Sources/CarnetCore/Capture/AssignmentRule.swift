import Foundation

/// One of the ordered rules that give a new lead its owner: the first that matches wins.
///
/// A `territory` rule matches a lead whose region is one of `regions` or whose country is one
/// of `countries` (both ignoring case), or whose postcode starts with one of
/// `postcode_prefixes`; an `industry` rule one whose company's industry is one of
/// `industries`. Both give the lead to `owner_id`. A `round_robin` rule matches every lead and
/// gives each to the next of `user_ids` in turn (every active member and manager when empty).
/// A `plugin` rule asks `function` (default `assign`) of the running plugin `plugin`, which
/// answers an active user's id or e-mail, or nil to let the next rule decide.
public struct AssignmentRule: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    /// Rules are tried by ascending position, then id.
    public var position: Int
    public var kind: AssignmentKind
    public var name: String
    public var regions: [String]
    public var countries: [String]
    public var postcodePrefixes: [String]
    public var industries: [String]
    public var ownerID: String?
    public var userIDs: [String]
    /// A `plugin` rule's plugin id.
    public var plugin: String?
    /// A `plugin` rule's function; nil means `assign`.
    public var function: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var archivedAt: Date?

    public init(id: String, kind: AssignmentKind, name: String, at now: Date) {
        self.id = id
        position = 0
        self.kind = kind
        self.name = name
        regions = []
        countries = []
        postcodePrefixes = []
        industries = []
        userIDs = []
        version = 1
        createdAt = now
        updatedAt = now
    }

    /// The highest position.
    public static let maxPosition = 1_000_000

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, position, kind, name, regions, countries, postcodePrefixes = "postcode_prefixes", industries, ownerID = "owner_id"
        case userIDs = "user_ids", plugin, function, version, createdAt = "created_at", updatedAt = "updated_at", archivedAt = "archived_at"
    }

    /// The function a `plugin` rule calls when it names none.
    public static let defaultFunction = "assign"

    /// Writes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(position, forKey: .position)
        try c.encode(kind, forKey: .kind)
        try c.encode(name, forKey: .name)
        try c.encode(regions, forKey: .regions)
        try c.encode(countries, forKey: .countries)
        try c.encode(postcodePrefixes, forKey: .postcodePrefixes)
        try c.encode(industries, forKey: .industries)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(userIDs, forKey: .userIDs)
        try c.encode(plugin, forKey: .plugin)
        try c.encode(function, forKey: .function)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(archivedAt, forKey: .archivedAt)
    }

    /// Whether the rule takes this lead.
    public func matches(_ lead: LeadFacts) -> Bool {
        switch kind {
        case .territory:
            if let region = lead.region?.lowercased(), regions.contains(where: { $0.lowercased() == region }) { return true }
            if let country = lead.country?.uppercased(), countries.contains(country) { return true }
            if let postcode = lead.postcode?.uppercased().filter({ $0 != " " }),
               postcodePrefixes.contains(where: { postcode.hasPrefix($0.uppercased().filter { $0 != " " }) }) { return true }
            return false
        case .industry:
            guard let industry = lead.industry?.lowercased() else { return false }
            return industries.contains { $0.lowercased() == industry }
        case .roundRobin, .plugin:
            return true
        }
    }

    /// The first of `rules` (in their order) that takes the lead.
    public static func first(matching lead: LeadFacts, in rules: [AssignmentRule]) -> AssignmentRule? {
        rules.first { $0.matches(lead) }
    }

    /// Checks the rule and throws every problem at once, each naming its field.
    public func validate(language: Language = .en) throws(CarnetError) {
        var check = Validator()
        if name.isBlank { check.fail("name", L10n.text("validation.required", language)) }
        CaptureForm.limit(&check, "name", name, max: Limits.shortText, language)
        if !(0...Self.maxPosition).contains(position) {
            check.fail("position", L10n.text("capture.position_range", language, ["max": String(Self.maxPosition)]))
        }
        check.list("regions", regions, max: 200)
        check.list("countries", countries, max: 250, itemMax: 2)
        for (index, country) in countries.enumerated() where !Country.isValid(country) {
            check.fail("countries[\(index)]", L10n.text("capture.invalid_country", language))
        }
        check.list("postcode_prefixes", postcodePrefixes, max: 1_000, itemMax: 20)
        check.list("industries", industries, max: 200)
        check.list("user_ids", userIDs, max: 200)
        let kindName = ["kind": kind.rawValue]
        switch kind {
        case .territory, .industry:
            if ownerID == nil { check.fail("owner_id", L10n.text("capture.rule_owner_required", language, kindName)) }
            if !userIDs.isEmpty { check.fail("user_ids", L10n.text("capture.rule_users_round_robin", language)) }
            if kind == .territory && regions.isEmpty && countries.isEmpty && postcodePrefixes.isEmpty {
                check.fail("regions", L10n.text("capture.rule_territory_empty", language))
            }
            if kind == .industry && industries.isEmpty { check.fail("industries", L10n.text("capture.rule_industries_empty", language)) }
            if kind == .industry && !(regions.isEmpty && countries.isEmpty && postcodePrefixes.isEmpty) {
                check.fail("regions", L10n.text("capture.rule_territory_only", language))
            }
            if kind == .territory && !industries.isEmpty { check.fail("industries", L10n.text("capture.rule_industry_only", language)) }
        case .roundRobin:
            if ownerID != nil { check.fail("owner_id", L10n.text("capture.rule_round_robin_owner", language)) }
            if !(regions.isEmpty && countries.isEmpty && postcodePrefixes.isEmpty) { check.fail("regions", L10n.text("capture.rule_territory_only", language)) }
            if !industries.isEmpty { check.fail("industries", L10n.text("capture.rule_industry_only", language)) }
        case .plugin:
            if plugin == nil { check.fail("plugin", L10n.text("capture.rule_plugin_required", language)) }
            if ownerID != nil || !userIDs.isEmpty { check.fail(ownerID != nil ? "owner_id" : "user_ids", L10n.text("capture.rule_plugin_owner", language)) }
            if !(regions.isEmpty && countries.isEmpty && postcodePrefixes.isEmpty) { check.fail("regions", L10n.text("capture.rule_territory_only", language)) }
            if !industries.isEmpty { check.fail("industries", L10n.text("capture.rule_industry_only", language)) }
        }
        if kind != .plugin, plugin != nil || function != nil {
            check.fail(plugin != nil ? "plugin" : "function", L10n.text("capture.rule_plugin_only", language))
        }
        for (field, value) in [("plugin", plugin), ("function", function)] {
            if let value, value.range(of: #"^[A-Za-z_][A-Za-z0-9_-]{0,63}$"#, options: .regularExpression) == nil {
                check.fail(field, L10n.text("capture.rule_plugin_name", language))
            }
        }
        try check.check()
    }
}
