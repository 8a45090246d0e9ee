import CarnetCore
import Foundation

/// A test delivery queued for one webhook (`POST /api/v1/webhooks/{id}/ping`).
public struct WebhookPing: Encodable, Sendable {
    /// The type of the event a ping delivers.
    public static let eventType = "webhook.ping"

    public var webhookID: String
    public var eventID: String
    /// The delivery job; the receiver sees it as `Carnet-Delivery`.
    public var jobID: String

    enum CodingKeys: String, CodingKey {
        case webhookID = "webhook_id", eventID = "event_id", jobID = "job_id"
    }
}
