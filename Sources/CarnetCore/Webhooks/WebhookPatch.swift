import Foundation

/// The body of `POST /api/v1/webhooks` and `PATCH /api/v1/webhooks/{id}`: absent keys keep
/// their value; `description: null` clears it.
public struct WebhookPatch: Sendable, Decodable {
    public var url: String?
    public var events: [String]?
    /// Only on creation: a patch that names it is refused (delete and re-create to rotate it).
    public var secret: String?
    public var description: String??
    public var active: Bool?
    public var version: Int?

    public init(url: String? = nil, events: [String]? = nil, secret: String? = nil) {
        self.url = url
        self.events = events
        self.secret = secret
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: Webhook.CodingKeys.self)
        let c = try decoder.container(keyedBy: Webhook.CodingKeys.self)
        url = try c.decodeIfPresent(String.self, forKey: .url)
        events = try c.decodeIfPresent([String].self, forKey: .events)
        secret = try c.decodeIfPresent(String.self, forKey: .secret)
        description = try c.patch(String.self, forKey: .description)
        active = try c.decodeIfPresent(Bool.self, forKey: .active)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension Webhook {
    /// Applies a patch's url, events, description and active flag (the secret is the service's business).
    public mutating func apply(_ patch: WebhookPatch) {
        if let newURL = patch.url { url = newURL.trimmingCharacters(in: .whitespaces) }
        if let newEvents = patch.events { events = newEvents.map { $0.trimmingCharacters(in: .whitespaces) } }
        CarnetCore.apply(patch.description, to: &description)
        if description?.trimmingCharacters(in: .whitespaces).isEmpty == true { description = nil }
        if let newActive = patch.active { active = newActive }
    }
}
