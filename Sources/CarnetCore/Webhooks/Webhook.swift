import Foundation

/// An endpoint that receives the domain events matching its patterns as signed HTTP POSTs.
///
/// Encodes its secret masked (`"…abcd"`): the API, the audit log and the `webhook.*` events
/// never carry it in full. Only the answer to its creation does, through `Revealed`.
public struct Webhook: Sendable, Equatable, Identifiable, Encodable {
    public var id: String
    /// An absolute http or https URL whose port the configuration allows.
    public var url: String
    /// Event patterns: `*`, `entity.*` or an exact event type (see `WebhookEventPattern`).
    public var events: [String]
    /// The HMAC-SHA256 key of the `Carnet-Signature` header.
    public var secret: String
    public var description: String?
    /// An inactive webhook gets no new deliveries; its queued ones complete without sending.
    public var active = true
    public var createdBy: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var version = 1

    public init(id: String, url: String, events: [String], secret: String, at date: Date) {
        self.id = id
        self.url = url
        self.events = events
        self.secret = secret
        createdAt = date
        updatedAt = date
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, url, events, secret, description, active, createdBy = "created_by", createdAt = "created_at", updatedAt = "updated_at", version
    }

    /// The secret as the API shows it after creation: its last four characters.
    public var maskedSecret: String { "…" + secret.suffix(4) }

    /// Writes every key, `null` included, with the secret masked.
    public func encode(to encoder: any Encoder) throws {
        try encode(to: encoder, secret: maskedSecret)
    }

    func encode(to encoder: any Encoder, secret: String) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(events, forKey: .events)
        try c.encode(secret, forKey: .secret)
        try c.encode(description, forKey: .description)
        try c.encode(active, forKey: .active)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(version, forKey: .version)
    }

    /// The webhook with its secret in full: the answer to `POST /api/v1/webhooks`, the one
    /// time the secret is shown.
    public struct Revealed: Sendable, Encodable, Identifiable {
        public let webhook: Webhook

        public init(_ webhook: Webhook) {
            self.webhook = webhook
        }

        public var id: String { webhook.id }

        public func encode(to encoder: any Encoder) throws {
            try webhook.encode(to: encoder, secret: webhook.secret)
        }
    }
}

extension IDPrefix {
    public static let webhook = "whk"
    public static let webhookDelivery = "whd"
}
