import CarnetCore
import Foundation

/// The JSON body POSTed to a webhook: the event, its payload under `data`.
struct WebhookPayload: Encodable {
    let event: DomainEvent

    enum CodingKeys: String, CodingKey {
        case id, type, createdAt = "created_at", entity, entityID = "entity_id", data
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(event.id, forKey: .id)
        try c.encode(event.type, forKey: .type)
        try c.encode(event.occurredAt, forKey: .createdAt)
        try c.encode(event.entityType, forKey: .entity)
        try c.encode(event.entityID, forKey: .entityID)
        try c.encode(event.payload, forKey: .data)
    }

    /// The body's bytes, as signed and sent.
    var data: Data {
        get throws { try CarnetJSON.encoder.encode(self) }
    }
}
