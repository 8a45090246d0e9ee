/// A partial change to an assignment rule: the body of `POST` and `PATCH /api/v1/capture/rules`.
public struct AssignmentRulePatch: Sendable, Decodable {
    public var position: Int?
    public var kind: AssignmentKind?
    public var name: String?
    public var regions, countries, postcodePrefixes, industries, userIDs: [String]?
    public var ownerID: String??
    public var plugin, function: String??
    public var version: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case position, kind, name, regions, countries, postcodePrefixes = "postcode_prefixes", industries, ownerID = "owner_id"
        case userIDs = "user_ids", plugin, function, version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        position = try c.decodeIfPresent(Int.self, forKey: .position)
        kind = try c.decodeIfPresent(AssignmentKind.self, forKey: .kind)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        regions = try c.decodeIfPresent([String].self, forKey: .regions)
        countries = try c.decodeIfPresent([String].self, forKey: .countries)
        postcodePrefixes = try c.decodeIfPresent([String].self, forKey: .postcodePrefixes)
        industries = try c.decodeIfPresent([String].self, forKey: .industries)
        userIDs = try c.decodeIfPresent([String].self, forKey: .userIDs)
        ownerID = try c.patch(String.self, forKey: .ownerID)
        plugin = try c.patch(String.self, forKey: .plugin)
        function = try c.patch(String.self, forKey: .function)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension AssignmentRule {
    /// Applies a patch and tidies the lists (trimmed, blanks dropped, countries upper-cased); the caller validates.
    public mutating func apply(_ patch: AssignmentRulePatch) {
        if let position = patch.position { self.position = position }
        if let kind = patch.kind { self.kind = kind }
        if let name = patch.name { self.name = name.trimmedOrNil ?? "" }
        if let regions = patch.regions { self.regions = regions.compactMap(\.trimmedOrNil) }
        if let countries = patch.countries { self.countries = countries.compactMap { $0.trimmedOrNil?.uppercased() } }
        if let prefixes = patch.postcodePrefixes { postcodePrefixes = prefixes.compactMap(\.trimmedOrNil) }
        if let industries = patch.industries { self.industries = industries.compactMap(\.trimmedOrNil) }
        if let userIDs = patch.userIDs { self.userIDs = userIDs.compactMap(\.trimmedOrNil) }
        CarnetCore.apply(patch.ownerID, to: &ownerID)
        ownerID = ownerID?.trimmedOrNil
        CarnetCore.apply(patch.plugin, to: &plugin)
        plugin = plugin?.trimmedOrNil
        CarnetCore.apply(patch.function, to: &function)
        function = function?.trimmedOrNil
    }
}
