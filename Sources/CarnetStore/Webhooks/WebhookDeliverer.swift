import AsyncHTTPClient
import CarnetCore
import Foundation
import NIOCore
import Synchronization

/// Delivers events to webhooks: the outbox subscriber that turns an event into one
/// `webhook.deliver` job per matching webhook, and the effect handler that runs those jobs.
///
/// A delivery POSTs `WebhookPayload` signed by `WebhookSignature`, with no transaction open;
/// 2xx completes the job, anything else (another status, a redirect, a timeout, a refused
/// connection) fails it into the queue's backoff and, after `maxAttempts`, the dead letters.
/// Every attempt that sent a request is one row of the delivery log, written in the
/// transaction that completes or fails the job. A webhook deleted or made inactive since the
/// job was queued gets nothing: the job completes and the log stays as it was.
///
/// At least once: the receiver may see a delivery twice (if the process dies between the
/// POST and its record); `Carnet-Delivery` and the body's `id` say which one it is.
public final class WebhookDeliverer: Sendable {
    /// The kind of the delivery jobs.
    public static let jobKind = "webhook.deliver"
    /// The id of the outbox subscriber (its jobs are `event:webhooks`).
    public static let subscriberID = "webhooks"
    static let webhookKey = "webhook_id"
    static let eventKey = "event_id"

    let client: HTTPClient
    let database: any Database
    let webhooks: WebhookService
    /// What each effect sent, by job id, until `record` writes it; an effect that sent nothing leaves no entry.
    private let attempts = Mutex<[String: WebhookDelivery]>([:])

    /// Sends with `client`, which the caller owns and shuts down (see `makeClient`).
    public init(client: HTTPClient, database: any Database, webhooks: WebhookService) {
        self.client = client
        self.database = database
        self.webhooks = webhooks
    }

    /// A client for deliveries: redirects are not followed, and connecting or waiting for
    /// data each time out after `[webhooks] timeout_seconds`.
    public static func makeClient(_ settings: WebhookSettings) -> HTTPClient {
        let timeout = TimeAmount.seconds(Int64(settings.timeoutSeconds))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup,
                          configuration: HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: timeout, read: timeout)))
    }

    /// The subscriber that enqueues, in the dispatch's transaction, one delivery job per active
    /// webhook matching the event. Its dedupe key `webhook:<webhook>:<event>` makes a
    /// re-dispatched event deliver once. Events about webhooks are never delivered.
    public static func subscriber(webhooks: WebhookService, queue: JobQueue) -> OutboxSubscriber {
        // With no active webhook, events make no job at all: a CRM without webhooks pays nothing for them.
        OutboxSubscriber(id: subscriberID, eventTypes: ["*"], listening: { conn in try webhooks.anyActive(conn) }) { event, _, conn in
            let requests = try webhooks.subscribed(to: event.type, conn).map { webhook in
                JobRequest(kind: jobKind, payload: .object([webhookKey: .string(webhook.id), eventKey: .string(event.id)]),
                           maxAttempts: webhooks.settings.maxAttempts, dedupeKey: "webhook:\(webhook.id):\(event.id)")
            }
            try queue.enqueue(requests, conn)
        }
    }

    /// Queues a test delivery to one active webhook, in the caller's transaction: a
    /// `webhook.ping` event (events about webhooks never reach the other webhooks) and one
    /// delivery job for it, which signs, retries and logs like any delivery.
    /// Returns the ping: the event and the job, whose attempts show in the delivery log.
    public static func ping(_ webhookID: String, actor: Actor, webhooks: WebhookService, queue: JobQueue, _ conn: any SQLConnection) throws -> WebhookPing {
        try actor.require(.administer)
        let webhook = try webhooks.get(webhookID, conn)
        guard webhook.active else {
            throw CarnetError.invalidState("The webhook \(webhookID) is inactive: it receives nothing, pings included. Set \"active\": true first.")
        }
        let event = try ChangeLog(clock: webhooks.context.clock).event(
            WebhookPing.eventType, entity: WebhookService.entity, id: webhookID, actor: actor,
            payload: .object(["message": .string("A test delivery from Carnet: answer 2xx to acknowledge it.")]), conn)
        let job = try queue.enqueue(kind: jobKind, payload: .object([webhookKey: .string(webhookID), eventKey: .string(event.id)]),
                                    maxAttempts: webhooks.settings.maxAttempts, dedupeKey: "webhook:\(webhookID):\(event.id)", conn)
        return WebhookPing(webhookID: webhookID, eventID: event.id, jobID: job.id)
    }

    /// The effect handler of `webhook.deliver` jobs.
    public var jobHandler: JobHandler {
        JobHandler(kind: Self.jobKind, effect: { [self] job in try await deliver(job) }, record: { [self] job, _, conn in
            guard let delivery = attempts.withLock({ $0.removeValue(forKey: job.id) }) else { return }
            try webhooks.record(delivery, conn)
        })
    }

    /// Sends one attempt; throws `WebhookDeliveryError` unless the receiver answered 2xx.
    func deliver(_ job: Job) async throws {
        attempts.withLock { $0[job.id] = nil }
        guard case .object(let payload) = job.payload, case .string(let webhookID)? = payload[Self.webhookKey],
              case .string(let eventID)? = payload[Self.eventKey] else {
            throw CarnetError.malformed(detail: "The job \(job.id) carries no \(Self.webhookKey) and \(Self.eventKey).", field: "payload")
        }
        let loaded = try await database.read { conn -> (Webhook, DomainEvent)? in
            guard let row = try conn.queryOne("SELECT * FROM webhooks WHERE id = ? AND active = 1", [.text(webhookID)]) else { return nil }
            guard let event = try conn.queryOne("SELECT * FROM events WHERE id = ?", [.text(eventID)]) else {
                throw CarnetError.notFound(entity: "event", id: eventID)
            }
            return (WebhookService.webhook(row), ChangeLog.event(event))
        }
        guard let loaded else { return }
        let (webhook, event) = loaded
        let body = try WebhookPayload(event: event).data
        let timestamp = Int(webhooks.context.clock.now.timeIntervalSince1970)
        var request = HTTPClientRequest(url: webhook.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Carnet-Webhooks/1")
        request.headers.add(name: "Carnet-Event", value: event.type)
        request.headers.add(name: "Carnet-Delivery", value: job.id)
        request.headers.add(name: WebhookSignature.header, value: WebhookSignature.value(secret: webhook.secret, timestamp: timestamp, body: body))
        request.body = .bytes(ByteBuffer(bytes: body))

        let started = ContinuousClock.now
        var statusCode: Int?
        var excerpt: [UInt8] = []
        var failure: WebhookDeliveryError?
        do {
            let response = try await client.execute(request, deadline: .now() + .seconds(Int64(webhooks.settings.timeoutSeconds)))
            statusCode = Int(response.status.code)
            for try await chunk in response.body {
                excerpt += chunk.readableBytesView.prefix(WebhookDelivery.excerptBytes - excerpt.count)
                if excerpt.count >= WebhookDelivery.excerptBytes { break }
            }
            if !(200..<300).contains(Int(response.status.code)) { failure = .status(Int(response.status.code)) }
        } catch {
            failure = .transport(String(describing: error))
        }
        let elapsed = ContinuousClock.now - started
        let delivery = WebhookDelivery(
            id: EntityID.make(IDPrefix.webhookDelivery, at: webhooks.context.clock.now), webhookID: webhook.id, eventID: event.id,
            eventType: event.type, jobID: job.id, attempt: job.attempts, statusCode: statusCode, error: failure?.description,
            durationMS: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
            responseExcerpt: WebhookDelivery.excerpt(excerpt), createdAt: webhooks.context.clock.now)
        attempts.withLock { $0[job.id] = delivery }
        if let failure { throw failure }
    }
}
