import CarnetCore
import Foundation

/// One attempt at delivering an event to a webhook, as the delivery log keeps it.
public struct WebhookDelivery: Sendable, Equatable, Encodable, Identifiable {
    public var id: String
    public var webhookID: String
    public var eventID: String
    public var eventType: String
    /// The job that made the attempt: the `Carnet-Delivery` header the receiver got.
    public var jobID: String
    /// 1 for the first attempt.
    public var attempt: Int
    /// The receiver's HTTP status; nil when no answer came (timeout, refused connection).
    public var statusCode: Int?
    /// Why the attempt failed; nil when it succeeded.
    public var error: String?
    public var durationMS: Int
    /// The start of the receiver's answer, at most `excerptBytes` bytes of UTF-8.
    public var responseExcerpt: String?
    public var createdAt: Date

    /// The most of a response body the log keeps.
    public static let excerptBytes = 1024

    public init(id: String, webhookID: String, eventID: String, eventType: String, jobID: String, attempt: Int,
                statusCode: Int?, error: String?, durationMS: Int, responseExcerpt: String?, createdAt: Date) {
        self.id = id
        self.webhookID = webhookID
        self.eventID = eventID
        self.eventType = eventType
        self.jobID = jobID
        self.attempt = attempt
        self.statusCode = statusCode
        self.error = error
        self.durationMS = durationMS
        self.responseExcerpt = responseExcerpt
        self.createdAt = createdAt
    }

    init(row: SQLRow) {
        self.init(id: row.string("id") ?? "", webhookID: row.string("webhook_id") ?? "", eventID: row.string("event_id") ?? "",
                  eventType: row.string("event_type") ?? "", jobID: row.string("job_id") ?? "", attempt: row.int("attempt") ?? 0,
                  statusCode: row.int("status_code"), error: row.string("error"), durationMS: row.int("duration_ms") ?? 0,
                  responseExcerpt: row.string("response_excerpt"), createdAt: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
    }

    /// Whether the receiver answered 2xx.
    public var succeeded: Bool { statusCode.map { (200..<300).contains($0) } ?? false }

    enum CodingKeys: String, CodingKey {
        case id, webhookID = "webhook_id", eventID = "event_id", eventType = "event_type", jobID = "job_id", attempt
        case statusCode = "status_code", error, durationMS = "duration_ms", responseExcerpt = "response_excerpt", createdAt = "created_at"
    }

    /// Writes every key, `null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(webhookID, forKey: .webhookID)
        try c.encode(eventID, forKey: .eventID)
        try c.encode(eventType, forKey: .eventType)
        try c.encode(jobID, forKey: .jobID)
        try c.encode(attempt, forKey: .attempt)
        try c.encode(statusCode, forKey: .statusCode)
        try c.encode(error, forKey: .error)
        try c.encode(durationMS, forKey: .durationMS)
        try c.encode(responseExcerpt, forKey: .responseExcerpt)
        try c.encode(createdAt, forKey: .createdAt)
    }

    /// The first `excerptBytes` bytes of a body as text, cut on a character boundary.
    public static func excerpt(_ bytes: some Collection<UInt8>) -> String? {
        guard !bytes.isEmpty else { return nil }
        var text = String(decoding: bytes.prefix(excerptBytes), as: UTF8.self)
        while text.utf8.count > excerptBytes { text.removeLast() }
        return text
    }
}
