import CarnetCore
import Foundation

/// A saved filter over contacts; its members are computed each time it is used.
public struct Segment: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var description: String?
    /// The filter as sent (see ``SegmentFilter``).
    public var filter: JSONValue
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// The longest name, in characters.
    public static let nameLimit = 200
    /// The longest description, in characters.
    public static let descriptionLimit = 2_000

    enum CodingKeys: String, CodingKey {
        case id, name, description, filter, version, createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Writes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(description, forKey: .description)
        try c.encode(filter, forKey: .filter)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// The body of `POST` and `PATCH /api/v1/segments`: only the keys sent change.
public struct SegmentPatch: Sendable, Decodable {
    public var name: String??
    public var description: String??
    public var filter: JSONValue??
    public var version: Int?

    public init(name: String?? = nil, description: String?? = nil, filter: JSONValue?? = nil) {
        self.name = name
        self.description = description
        self.filter = filter
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, filter, version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.patch(String.self, forKey: .name)
        description = try c.patch(String.self, forKey: .description)
        filter = try c.patch(JSONValue.self, forKey: .filter)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

/// The body of `POST /api/v1/segments/preview`.
public struct SegmentPreviewRequest: Sendable, Decodable {
    public var filter: JSONValue

    enum CodingKeys: String, CodingKey, CaseIterable {
        case filter
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        filter = try decoder.container(keyedBy: CodingKeys.self).decode(JSONValue.self, forKey: .filter)
    }
}

/// How many live contacts a filter matches, and the first of them by id.
public struct SegmentPreview: Sendable, Encodable {
    public var count: Int
    public var sample: [Contact]
}

/// How many live contacts a segment holds now.
public struct SegmentCount: Sendable, Encodable {
    public var segmentID: String
    public var count: Int

    enum CodingKeys: String, CodingKey {
        case segmentID = "segment_id", count
    }
}
