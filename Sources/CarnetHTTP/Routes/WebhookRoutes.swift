import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/api/v1/webhooks`: admins register the URLs that receive events, send them a test
/// delivery (`ping`) and read their delivery log.
struct WebhookRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let webhooks = writes.services.webhooks
        api.on(.post, "webhooks", .administer) { request, _, actor in
            let patch = try await writes.decode(WebhookPatch.self, request)
            return try await writes.create(request, actor: actor, collection: "webhooks") { conn in
                Webhook.Revealed(try webhooks.create(patch, actor: actor, conn))
            }
        }
        api.on(.get, "webhooks", .administer) { request, _, _ in
            let limit = try Cursor.limit(request.query("limit"))
            let cursor = request.query("cursor")
            return try await writes.read { conn in try webhooks.list(limit: limit, cursor: cursor, conn) }
        }
        api.on(.get, "webhooks/{id}", .administer) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in try webhooks.get(id, conn) }
        }
        api.on(.patch, "webhooks/{id}", .administer) { request, context, actor in
            let id = try context.parameter("id")
            let patch = try await writes.decode(WebhookPatch.self, request)
            let version = try request.expectedVersion()
            return try await writes.update(request, actor: actor) { conn in try webhooks.update(id, patch, expectedVersion: version, actor: actor, conn) }
        }
        api.on(.delete, "webhooks/{id}", .administer) { request, context, actor in
            let id = try context.parameter("id")
            let version = try request.expectedVersion()
            _ = try await writes.run(request, actor: actor) { conn in
                _ = try webhooks.delete(id, expectedVersion: version, actor: actor, conn)
                return (Data(), nil)
            }
            return Response(status: .noContent)
        }
        api.on(.post, "webhooks/{id}/ping", .administer) { [jobs = writes.services.jobs] request, context, actor in
            let id = try context.parameter("id")
            return try await writes.run(request, actor: actor, status: .accepted) { conn in
                let ping = try WebhookDeliverer.ping(id, actor: actor, webhooks: webhooks, queue: jobs, conn)
                return (try CarnetJSON.encoder.encode(ping), nil)
            }
        }
        api.on(.get, "webhooks/{id}/deliveries", .administer) { request, context, _ in
            let id = try context.parameter("id")
            let limit = try Cursor.limit(request.query("limit"))
            let cursor = request.query("cursor")
            return try await writes.read { conn in try webhooks.deliveries(id, limit: limit, cursor: cursor, conn) }
        }
    }
}
