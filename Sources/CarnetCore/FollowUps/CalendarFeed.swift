import Foundation

/// A secret address at which a user's open follow-ups are published as a calendar.
///
/// Only the hash of its token is kept: the address is shown once, when the feed is made.
/// Revoking it makes the address answer 404 from then on.
public struct CalendarFeed: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var userID: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, userID: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", createdAt = "created_at", revokedAt = "revoked_at"
    }

    /// Writes `revoked_at: null` for a live feed, as the API document says, where the
    /// synthesized encoder would leave the key out.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(userID, forKey: .userID)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(revokedAt, forKey: .revokedAt)
    }
}
