import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Webhook service")
struct WebhookServiceTests {
    static func create(_ services: Services, _ patch: WebhookPatch) async throws -> Webhook {
        try await services.database.write { conn in try services.webhooks.create(patch, actor: .system, conn) }
    }

    /// The fields named by the validation error of a create, or none when it succeeded.
    static func refusedFields(_ services: Services, _ patch: WebhookPatch) async throws -> [String] {
        do {
            _ = try await create(services, patch)
            return []
        } catch let error as CarnetError {
            guard case .validation(let errors) = error else { return ["?"] }
            return errors.map(\.field)
        }
    }

    @Test("bad input is refused naming the field, and nothing is stored", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let url = "https://hooks.example.com/carnet"
            #expect(try await Self.refusedFields(services, WebhookPatch(url: "ftp://hooks.example.com/x", events: ["*"])) == ["url"])
            #expect(try await Self.refusedFields(services, WebhookPatch(url: "https:///no-host", events: ["*"])) == ["url"])
            #expect(try await Self.refusedFields(services, WebhookPatch(url: "http://hooks.example.com:25/x", events: ["*"])) == ["url"])
            #expect(try await Self.refusedFields(services, WebhookPatch(url: url, events: [])) == ["events"])
            #expect(try await Self.refusedFields(services, WebhookPatch(url: url, events: ["contacts.*"])) == ["events[0]"])
            #expect(try await Self.refusedFields(services, WebhookPatch(url: url, events: ["*"], secret: "too-short")) == ["secret"])
            #expect(try await Self.refusedFields(services, WebhookPatch(events: ["*"])) == ["url"])
            #expect(try await services.count("webhooks") == 0)
            #expect(try await services.count("events") == 0)
        }
    }

    @Test("a webhook is created with a generated secret and a masked event; a patch needs the current version", arguments: Backend.available)
    func lifecycle(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let webhook = try await Self.create(services, WebhookPatch(url: "https://hooks.example.com/carnet", events: ["contact.*"]))
            #expect(webhook.id.hasPrefix("whk_") && webhook.secret.count == 64)
            let stored = try await services.database.read { conn in try services.webhooks.get(webhook.id, conn) }
            #expect(stored == webhook)
            let payload = try await services.database.read { conn in try conn.queryOne("SELECT payload FROM events WHERE type = 'webhook.created'", [])?.string("payload") }
            #expect(payload?.contains(webhook.secret) == false)
            #expect(payload?.contains(webhook.maskedSecret) == true)

            var patch = WebhookPatch(events: ["deal.*"])
            patch.active = false
            let change = patch
            let updated = try await services.database.write { conn in try services.webhooks.update(webhook.id, change, expectedVersion: 1, actor: .system, conn) }
            #expect(updated.events == ["deal.*"] && !updated.active && updated.version == 2)
            await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in try services.webhooks.update(webhook.id, change, expectedVersion: 1, actor: .system, conn) }
            }
            await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in
                    try services.webhooks.update(webhook.id, WebhookPatch(secret: "0123456789abcdef0123"), expectedVersion: nil, actor: .system, conn)
                }
            }
            #expect(try await services.count("audit_log", where: "entity_type = 'webhook'") == 2)
            _ = try await services.database.write { conn in try services.webhooks.delete(webhook.id, expectedVersion: 2, actor: .system, conn) }
            #expect(try await services.count("webhooks") == 0)
            #expect(try await services.count("events", where: "type = 'webhook.deleted'") == 1)
        }
    }

    @Test("only admins manage webhooks", arguments: Backend.available)
    func adminsOnly(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let manager = Actor(userID: "usr_1", role: .manager, name: "Manager")
            await #expect(throws: CarnetError.self) {
                try await services.database.write { conn in
                    try services.webhooks.create(WebhookPatch(url: "https://hooks.example.com", events: ["*"]), actor: manager, conn)
                }
            }
        }
    }

    @Test("an event becomes one delivery job per active matching webhook, once, and webhook events none", arguments: Backend.available)
    func fanOut(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services async throws in
            let contacts = try await Self.create(services, WebhookPatch(url: "https://a.example.com", events: ["contact.*"]))
            let everything = try await Self.create(services, WebhookPatch(url: "https://b.example.com", events: ["*"]))
            _ = try await Self.create(services, WebhookPatch(url: "https://c.example.com", events: ["deal.*"]))
            var inactive = WebhookPatch(url: "https://d.example.com", events: ["*"])
            inactive.active = false
            _ = try await Self.create(services, inactive)
            let subscriber = WebhookDeliverer.subscriber(webhooks: services.webhooks, queue: services.jobs)
            #expect(subscriber.id == "webhooks" && subscriber.wants("contact.created"))
            let event = try await services.database.write { conn in
                try services.changes.event("contact.created", entity: "contact", id: "con_1", actor: .system, payload: .object([:]), conn)
            }
            let job = try await services.database.write { conn in try services.jobs.enqueue(kind: subscriber.jobKind, conn) }
            for _ in 0..<2 {
                try await services.database.write { conn in try subscriber.handle(event, job, conn) }
            }
            let keys = try await services.database.read { conn in
                try conn.query("SELECT dedupe_key FROM jobs WHERE kind = 'webhook.deliver' ORDER BY dedupe_key", []).compactMap { $0.string("dedupe_key") }
            }
            #expect(keys == ["webhook:\(contacts.id):\(event.id)", "webhook:\(everything.id):\(event.id)"].sorted())
            #expect(try await services.count("jobs", where: "kind = 'webhook.deliver' AND max_attempts = 8") == 2)

            let created = try await services.database.read { conn in try services.changes.events(entity: "webhook", id: contacts.id, conn) }[0]
            try await services.database.write { conn in try subscriber.handle(created, job, conn) }
            #expect(try await services.count("jobs", where: "kind = 'webhook.deliver'") == 2)
        }
    }
}
