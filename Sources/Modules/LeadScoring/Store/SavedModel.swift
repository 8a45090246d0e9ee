import CarnetCore
import Foundation

/// The model in use with its version: what `GET /api/v1/scoring/model` answers.
///
/// Version 0 is the built-in `ScoringModel.standard`, in use until an admin saves a model.
public struct SavedModel: Sendable, Equatable, Encodable {
    public var model: ScoringModel
    public var version: Int
    public var updatedAt: Date?
    public var updatedBy: String?

    enum CodingKeys: String, CodingKey {
        case version, updatedAt = "updated_at", updatedBy = "updated_by", thresholds, fit, engagement, recency
    }

    public init(model: ScoringModel, version: Int, updatedAt: Date? = nil, updatedBy: String? = nil) {
        self.model = model
        self.version = version
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// The model's members beside the version, so that a document read can be edited and sent back.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(updatedBy, forKey: .updatedBy)
        try c.encode(model.thresholds, forKey: .thresholds)
        try c.encode(model.fit, forKey: .fit)
        try c.encode(model.engagement, forKey: .engagement)
        try c.encode(model.recency, forKey: .recency)
    }
}
