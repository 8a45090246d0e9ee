import AsyncHTTPClient
import CarnetCore
import CarnetStore
import CarnetTestSupport
import Crypto
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

/// Webhook deliveries over real HTTP on loopback, to a receiver started by the test.
@Suite("Webhooks: delivery")
struct WebhookDeliveryTests {
    static let secret = "a-shared-secret-of-some-length"

    /// One request the receiver got.
    struct Received: Sendable {
        var path: String
        /// By lowercased name.
        var headers: [String: String]
        var body: Data
    }

    /// A receiver that answers 500 to the first `failures` requests of each path, then 200.
    final class Receiver: Sendable {
        let failures: Int
        let received = Mutex<[Received]>([])

        init(failures: Int) {
            self.failures = failures
        }

        func requests(_ path: String) -> [Received] {
            received.withLock { $0.filter { $0.path == path } }
        }

        var application: some ApplicationProtocol {
            let router = Router()
            router.post("/{path}") { request, _ -> Response in
                let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                let count = self.received.withLock { list in
                    let headers = Dictionary(request.headers.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { first, _ in first })
                    list.append(Received(path: request.uri.path, headers: headers, body: body))
                    return list.filter { $0.path == request.uri.path }.count
                }
                let fail = count <= self.failures || request.uri.path == "/always-down"
                return Response(status: fail ? .internalServerError : .ok, body: .init(byteBuffer: ByteBuffer(string: fail ? "down for now" : "thanks")))
            }
            return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        }
    }

    /// Whether `header` is `t=<t>,v1=<hex>` with the HMAC-SHA256 of `"<t>.<body>"` under `secret`.
    static func signatureIsValid(_ header: String?, body: Data, secret: String) -> Bool {
        let parts = Dictionary((header ?? "").split(separator: ",").compactMap { part -> (String, String)? in
            let pair = part.split(separator: "=", maxSplits: 1)
            return pair.count == 2 ? (String(pair[0]), String(pair[1])) : nil
        }, uniquingKeysWith: { first, _ in first })
        guard let t = parts["t"], let v1 = parts["v1"] else { return false }
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(t).".utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined() == v1
    }

    /// Runs `body` with a receiver listening on loopback, services whose webhooks may use its
    /// port, and a worker that runs the outbox's webhook jobs and the deliveries.
    static func with(_ backend: Backend, failures: Int, maxAttempts: Int = 8,
                     _ body: @escaping @Sendable (Harness) async throws -> Void) async throws {
        let receiver = Receiver(failures: failures)
        try await receiver.application.test(.live) { client in
            let port = try #require(client.port)
            let clock = ManualClock()
            try await TestDatabase.with(backend, clock: clock) { services in
                var settings = WebhookSettings()
                settings.allowedPorts = [port]
                settings.maxAttempts = maxAttempts
                // Long enough that a loaded machine running the whole suite never turns a slow answer into a
                // timeout, and so a retry the test did not ask for; a passing test never waits for it.
                settings.timeoutSeconds = 30
                let webhooks = WebhookService(context: services.context, settings: settings)
                let http = WebhookDeliverer.makeClient(settings)
                let subscriber = WebhookDeliverer.subscriber(webhooks: webhooks, queue: services.jobs)
                let deliverer = WebhookDeliverer(client: http, database: services.database, webhooks: webhooks)
                var logger = Logger(label: "carnet.webhook-tests")
                logger.logLevel = .critical
                let worker = JobWorker(database: services.database, queue: services.jobs, handlers: [subscriber.jobHandler, deliverer.jobHandler],
                                       settings: JobSettings(), logger: logger)
                let harness = Harness(services: services, webhooks: webhooks, receiver: receiver, clock: clock, port: port,
                                      dispatcher: OutboxDispatcher(queue: services.jobs, subscribers: [subscriber]), worker: worker)
                let outcome: Result<Void, any Error>
                do {
                    try await body(harness)
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                try await http.shutdown()
                try outcome.get()
            }
        }
    }

    struct Harness: Sendable {
        let services: Services
        let webhooks: WebhookService
        let receiver: Receiver
        let clock: ManualClock
        let port: Int
        let dispatcher: OutboxDispatcher
        let worker: JobWorker

        func webhook(_ path: String, events: [String]) async throws -> Webhook {
            try await services.database.write { [webhooks, port] conn in
                try webhooks.create(WebhookPatch(url: "http://127.0.0.1:\(port)\(path)", events: events, secret: WebhookDeliveryTests.secret), actor: .system, conn)
            }
        }

        func contact() async throws -> Contact {
            var patch = ContactPatch()
            patch.firstName = "Ana"
            patch.lastName = "Lima"
            let input = patch
            return try await services.database.write { [contacts = services.contacts] conn in try contacts.create(input, actor: .system, conn) }
        }

        /// Dispatches the outbox, then runs due jobs, moving the clock an hour on (past any
        /// backoff) between rounds, `rounds` times.
        func deliver(rounds: Int) async throws {
            _ = try await services.database.write { [dispatcher] conn in try dispatcher.dispatch(limit: 100, conn) }
            for _ in 0..<rounds {
                while try await worker.runDue() > 0 {}
                clock.advance(by: 3_600)
            }
        }

        func deliveries(_ webhook: Webhook) async throws -> [WebhookDelivery] {
            try await services.database.read { [webhooks] conn in try webhooks.deliveries(webhook.id, limit: 100, cursor: nil, conn) }.items
        }

        func count(_ table: String, where condition: String) async throws -> Int {
            try await services.database.read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", [])?.int("n") ?? -1 }
        }
    }

    @Test("a receiver failing twice gets the event on the third attempt, signed; the log has the three attempts", arguments: Backend.available)
    func retriedThenDelivered(backend: Backend) async throws {
        try await Self.with(backend, failures: 2) { harness in
            let webhook = try await harness.webhook("/contacts", events: ["contact.*"])
            let deals = try await harness.webhook("/deals", events: ["deal.*"])
            let contact = try await harness.contact()
            try await harness.deliver(rounds: 5)

            let received = harness.receiver.requests("/contacts")
            #expect(received.count == 3)
            let event = try await harness.services.database.read { conn in try harness.services.changes.events(entity: "contact", id: contact.id, conn) }[0]
            for request in received {
                #expect(Self.signatureIsValid(request.headers[WebhookSignature.header.lowercased()], body: request.body, secret: Self.secret))
                #expect(request.headers["content-type"] == "application/json")
                #expect(request.headers["user-agent"] == "Carnet-Webhooks/1")
                #expect(request.headers["carnet-event"] == "contact.created")
            }
            let body = try #require(try JSONSerialization.jsonObject(with: received[2].body) as? [String: Any])
            #expect(body["id"] as? String == event.id)
            #expect(body["type"] as? String == "contact.created")
            #expect(body["entity"] as? String == "contact" && body["entity_id"] as? String == contact.id)
            #expect((body["data"] as? [String: Any])?["first_name"] as? String == "Ana")
            #expect(body["created_at"] is String)

            let log = try await harness.deliveries(webhook)
            #expect(log.map(\.attempt) == [3, 2, 1])
            #expect(log.map(\.statusCode) == [200, 500, 500])
            #expect(log.filter(\.succeeded).count == 1)
            #expect(log[1].error == "the receiver answered HTTP 500" && log[1].responseExcerpt == "down for now")
            #expect(log[0].error == nil && log[0].eventID == event.id)
            let jobID = try #require(received[2].headers["carnet-delivery"])
            #expect(log.allSatisfy { $0.jobID == jobID })
            #expect(try await harness.count("jobs", where: "kind = 'webhook.deliver' AND status = 'done'") == 1)

            #expect(harness.receiver.requests("/deals").isEmpty)
            #expect(try await harness.deliveries(deals).isEmpty)
        }
    }

    @Test("a ping reaches only its webhook, signed like any delivery, and shows in its log; an inactive webhook cannot be pinged", arguments: Backend.available)
    func ping(backend: Backend) async throws {
        try await Self.with(backend, failures: 1) { harness in
            let webhook = try await harness.webhook("/pinged", events: ["contact.*"])
            _ = try await harness.webhook("/everything", events: ["*"])
            let ping = try await harness.services.database.write { conn in
                try WebhookDeliverer.ping(webhook.id, actor: .system, webhooks: harness.webhooks, queue: harness.services.jobs, conn)
            }
            try await harness.deliver(rounds: 3)
            let received = harness.receiver.requests("/pinged")
            #expect(received.count == 2, "the first attempt fails and is retried like any delivery")
            #expect(received.allSatisfy { $0.headers["carnet-event"] == "webhook.ping" && $0.headers["carnet-delivery"] == ping.jobID })
            #expect(Self.signatureIsValid(received.last?.headers[WebhookSignature.header.lowercased()], body: received.last?.body ?? Data(), secret: Self.secret))
            let body = try #require(try JSONSerialization.jsonObject(with: received.last?.body ?? Data()) as? [String: Any])
            #expect(body["id"] as? String == ping.eventID && body["entity"] as? String == "webhook" && body["entity_id"] as? String == webhook.id)
            #expect(harness.receiver.requests("/everything").isEmpty)
            #expect(try await harness.deliveries(webhook).map(\.statusCode) == [200, 500])

            let member = Actor(userID: "usr_member", role: .member, name: "Ana")
            await #expect(throws: CarnetError.self) {
                try await harness.services.database.write { conn in
                    try WebhookDeliverer.ping(webhook.id, actor: member, webhooks: harness.webhooks, queue: harness.services.jobs, conn)
                }
            }
            var pause = WebhookPatch()
            pause.active = false
            let patch = pause
            let paused = try await harness.services.database.write { conn in
                try harness.webhooks.update(webhook.id, patch, expectedVersion: nil, actor: .system, conn)
            }
            #expect(!paused.active)
            let refused = await #expect(throws: CarnetError.self) {
                try await harness.services.database.write { conn in
                    try WebhookDeliverer.ping(webhook.id, actor: .system, webhooks: harness.webhooks, queue: harness.services.jobs, conn)
                }
            }
            guard case .invalidState? = refused else { Issue.record("expected invalidState (409), got \(String(describing: refused))"); return }
            #expect(try await harness.count("events", where: "type = 'webhook.ping'") == 1)
        }
    }

    @Test("an event dispatched again, or handed to the subscriber again, is not delivered twice", arguments: Backend.available)
    func deliveredOnce(backend: Backend) async throws {
        try await Self.with(backend, failures: 0) { harness in
            _ = try await harness.webhook("/once", events: ["*"])
            _ = try await harness.contact()
            try await harness.deliver(rounds: 2)
            #expect(harness.receiver.requests("/once").count == 1)
            let subscriberJobs = try await harness.count("jobs", where: "kind = 'event:webhooks'")
            // As if the outbox had lost track of both the dispatch and the subscriber's jobs: the webhook's own dedupe key still holds.
            _ = try await harness.services.database.write { conn in try conn.execute("UPDATE events SET dispatched_at = NULL") }
            _ = try await harness.services.database.write { conn in try conn.execute("UPDATE jobs SET dedupe_key = NULL WHERE kind = 'event:webhooks'") }
            try await harness.deliver(rounds: 2)
            #expect(try await harness.count("jobs", where: "kind = 'event:webhooks'") == 2 * subscriberJobs)
            #expect(harness.receiver.requests("/once").count == 1)
            #expect(try await harness.count("webhook_deliveries", where: "1 = 1") == 1)
        }
    }

    @Test("a receiver that always fails leaves the delivery dead-lettered after its attempts", arguments: Backend.available)
    func deadLettered(backend: Backend) async throws {
        try await Self.with(backend, failures: 0, maxAttempts: 3) { harness in
            let webhook = try await harness.webhook("/always-down", events: ["contact.created"])
            _ = try await harness.contact()
            try await harness.deliver(rounds: 6)
            #expect(harness.receiver.requests("/always-down").count == 3)
            let log = try await harness.deliveries(webhook)
            #expect(log.count == 3 && log.allSatisfy { $0.statusCode == 500 && !$0.succeeded })
            let dead = try await harness.services.database.read { conn in try harness.services.jobs.list(status: .dead, limit: 10, cursor: nil, conn) }.items
            #expect(dead.map(\.kind) == ["webhook.deliver"])
            #expect(dead.first?.lastError == "the receiver answered HTTP 500")
        }
    }

    @Test("a webhook made inactive before its delivery runs gets nothing, and nothing is logged", arguments: Backend.available)
    func inactiveAtDelivery(backend: Backend) async throws {
        try await Self.with(backend, failures: 0) { harness in
            let webhook = try await harness.webhook("/paused", events: ["*"])
            _ = try await harness.contact()
            _ = try await harness.services.database.write { conn in try harness.dispatcher.dispatch(limit: 100, conn) }
            _ = try await harness.worker.runDue()
            _ = try await harness.services.database.write { conn in try conn.execute("UPDATE webhooks SET active = 0") }
            try await harness.deliver(rounds: 2)
            #expect(harness.receiver.requests("/paused").isEmpty)
            #expect(try await harness.deliveries(webhook).isEmpty)
            #expect(try await harness.count("jobs", where: "kind = 'webhook.deliver' AND status = 'done'") == 1)
        }
    }
}
