import CarnetCore
import Foundation

/// A contact's score as `GET /api/v1/contacts/{id}/score` answers it.
public struct ContactScore: Sendable, Equatable, Encodable {
    /// One contribution, its reason written out in the reader's language.
    public struct Item: Sendable, Equatable, Encodable {
        public var rule: String
        public var label: String
        public var points: Int
        public var detail: String
    }

    public var contactID: String
    public var score: Int
    public var band: ScoreBand
    public var explanation: [Item]
    public var computedAt: Date

    enum CodingKeys: String, CodingKey { case contactID = "contact_id", score, band, explanation, computedAt = "computed_at" }
}
