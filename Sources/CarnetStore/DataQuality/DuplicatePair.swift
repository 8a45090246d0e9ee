import CarnetCore
import Foundation

/// A candidate pair as `GET /api/v1/duplicates/contacts|companies` lists it: both records as
/// the API writes them, the score and the reasons.
public struct DuplicatePair: Sendable, Encodable {
    public var entityType: DuplicateEntity
    public var first: JSONValue
    public var second: JSONValue
    public var score: Double
    public var reasons: [DuplicateReason]

    enum CodingKeys: String, CodingKey {
        case entityType = "entity_type", first, second, score, reasons
    }
}

/// A pair an admin or manager marked "not a duplicate": it stays out of the lists.
public struct DuplicateDismissal: Sendable, Encodable {
    public var entityType: DuplicateEntity
    public var firstID: String
    public var secondID: String
    public var dismissedBy: String?
    public var dismissedAt: Date

    enum CodingKeys: String, CodingKey {
        case entityType = "entity_type", firstID = "first_id", secondID = "second_id", dismissedBy = "dismissed_by", dismissedAt = "dismissed_at"
    }

    /// Writes every key, `dismissed_by: null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entityType, forKey: .entityType)
        try c.encode(firstID, forKey: .firstID)
        try c.encode(secondID, forKey: .secondID)
        try c.encode(dismissedBy, forKey: .dismissedBy)
        try c.encode(dismissedAt, forKey: .dismissedAt)
    }
}

/// The body of `POST /api/v1/duplicates/dismiss`.
public struct DismissRequest: Sendable, Decodable {
    public var firstID: String
    public var secondID: String

    public init(firstID: String, secondID: String) {
        self.firstID = firstID
        self.secondID = secondID
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case firstID = "first_id", secondID = "second_id"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        firstID = try c.decode(String.self, forKey: .firstID)
        secondID = try c.decode(String.self, forKey: .secondID)
    }
}

/// What a full rebuild of the duplicate index found.
public struct DuplicateScanReport: Sendable, Encodable, Equatable {
    public var entityType: DuplicateEntity
    public var records: Int
    public var keys: Int
    public var pairs: Int

    public init(entityType: DuplicateEntity, records: Int, keys: Int, pairs: Int) {
        self.entityType = entityType
        self.records = records
        self.keys = keys
        self.pairs = pairs
    }

    enum CodingKeys: String, CodingKey {
        case entityType = "entity_type", records, keys, pairs
    }
}
