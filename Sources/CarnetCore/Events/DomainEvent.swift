import Foundation

/// A change that happened, written to the outbox in the same transaction as the change.
///
/// Types are `entity.verb`: `contact.created`, `deal.stage_changed`, `activity.logged`.
public struct DomainEvent: Sendable, Equatable, Codable {
    public var id: String
    public var type: String
    public var entityType: String
    public var entityID: String
    public var actorID: String?
    public var occurredAt: Date
    /// What changed: the new row for `*.created`, `{field: {old, new}}` for updates, and so on.
    public var payload: JSONValue
    /// The plugins whose hooks made the change, outermost first (see ``Actor/plugins``);
    /// empty for a change a user or the system made. Not part of the API's JSON.
    public var origin: [String] = []

    public init(id: String, type: String, entityType: String, entityID: String, actorID: String?, occurredAt: Date, payload: JSONValue,
                origin: [String] = []) {
        self.id = id
        self.type = type
        self.entityType = entityType
        self.entityID = entityID
        self.actorID = actorID
        self.occurredAt = occurredAt
        self.payload = payload
        self.origin = origin
    }

    enum CodingKeys: String, CodingKey {
        case id, type, entityType = "entity_type", entityID = "entity_id", actorID = "actor_id"
        case occurredAt = "occurred_at", payload
    }

    /// Writes every key, `actor_id: null` for system changes included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(entityType, forKey: .entityType)
        try c.encode(entityID, forKey: .entityID)
        try c.encode(actorID, forKey: .actorID)
        try c.encode(occurredAt, forKey: .occurredAt)
        try c.encode(payload, forKey: .payload)
    }
}

/// The event types of the core entities.
public enum EventType {
    public static func created(_ entity: String) -> String { "\(entity).created" }
    public static func updated(_ entity: String) -> String { "\(entity).updated" }
    public static func archived(_ entity: String) -> String { "\(entity).archived" }
    public static func restored(_ entity: String) -> String { "\(entity).restored" }
    public static func erased(_ entity: String) -> String { "\(entity).erased" }
    public static let dealStageChanged = "deal.stage_changed"
    public static let dealWon = "deal.won"
    public static let dealLost = "deal.lost"
    public static let activityLogged = "activity.logged"
    public static let moduleEnabled = "module.enabled"
    public static let moduleDisabled = "module.disabled"
}
