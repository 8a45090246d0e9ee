import Foundation

/// One line of `GET /api/v1/scoring/scores`.
public struct ScoreEntry: Sendable, Equatable, Encodable {
    public var contactID: String
    public var score: Int
    public var band: ScoreBand
    public var computedAt: Date

    enum CodingKeys: String, CodingKey { case contactID = "contact_id", score, band, computedAt = "computed_at" }
}
