/// The body of `POST /api/v1/contacts/merge` and `/api/v1/companies/merge`.
public struct MergeRequest: Sendable, Decodable {
    public var survivorID: String
    public var mergedID: String
    /// Field by field, whose value the survivor keeps; see `MergePlan` for the defaults.
    public var fields: [String: MergeSide]
    /// The versions the caller saw; a record changed since is a 409.
    public var survivorVersion: Int?
    public var mergedVersion: Int?

    public init(survivorID: String, mergedID: String, fields: [String: MergeSide] = [:], survivorVersion: Int? = nil, mergedVersion: Int? = nil) {
        self.survivorID = survivorID
        self.mergedID = mergedID
        self.fields = fields
        self.survivorVersion = survivorVersion
        self.mergedVersion = mergedVersion
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case survivorID = "survivor_id", mergedID = "merged_id", fields, survivorVersion = "survivor_version", mergedVersion = "merged_version"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        survivorID = try c.decode(String.self, forKey: .survivorID)
        mergedID = try c.decode(String.self, forKey: .mergedID)
        fields = try c.decodeIfPresent([String: MergeSide].self, forKey: .fields) ?? [:]
        survivorVersion = try c.decodeIfPresent(Int.self, forKey: .survivorVersion)
        mergedVersion = try c.decodeIfPresent(Int.self, forKey: .mergedVersion)
    }
}

/// Which record a field's value comes from in a merge.
public enum MergeSide: String, Sendable, Codable {
    case survivor, merged

    /// Decodes a side, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let side = MergeSide(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be survivor or merged (got \(text))")
        }
        self = side
    }
}
