import CarnetCore
import Foundation

/// A newsletter-style e-mail to the members of a segment, sent through the mail queue.
public struct Campaign: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var segmentID: String
    public var subject: String
    /// The text, with merge fields (``CampaignTemplate``).
    public var body: String
    /// The language of the unsubscribe footer and page.
    public var language: Language
    public var status: CampaignStatus
    /// When it is to be sent; nil while it is a draft.
    public var sendAt: Date?
    /// When its recipients were taken from the segment.
    public var snapshotAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public static let nameLimit = 200
    public static let subjectLimit = 300
    public static let bodyLimit = 100_000

    enum CodingKeys: String, CodingKey {
        case id, name, segmentID = "segment_id", subject, body, language, status, sendAt = "send_at", snapshotAt = "snapshot_at", version
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Writes every field, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(segmentID, forKey: .segmentID)
        try c.encode(subject, forKey: .subject)
        try c.encode(body, forKey: .body)
        try c.encode(language, forKey: .language)
        try c.encode(status, forKey: .status)
        try c.encode(sendAt, forKey: .sendAt)
        try c.encode(snapshotAt, forKey: .snapshotAt)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// Where a campaign is: `draft` → `scheduled` → `sending` (its recipients taken, their
/// e-mails being queued at the configured rate) → `sent` (every recipient queued or skipped).
public enum CampaignStatus: String, Sendable, Codable, CaseIterable {
    case draft, scheduled, sending, sent
}

/// The body of `POST` and `PATCH /api/v1/campaigns`: only the keys sent change.
public struct CampaignPatch: Sendable, Decodable {
    public var name: String??
    public var segmentID: String??
    public var subject: String??
    public var body: String??
    public var language: Language??
    public var version: Int?

    public init(name: String?? = nil, segmentID: String?? = nil, subject: String?? = nil, body: String?? = nil, language: Language?? = nil) {
        self.name = name
        self.segmentID = segmentID
        self.subject = subject
        self.body = body
        self.language = language
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, segmentID = "segment_id", subject, body, language, version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.patch(String.self, forKey: .name)
        segmentID = try c.patch(String.self, forKey: .segmentID)
        subject = try c.patch(String.self, forKey: .subject)
        body = try c.patch(String.self, forKey: .body)
        language = try c.patch(Language.self, forKey: .language)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}
