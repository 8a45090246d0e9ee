import CarnetCore
import CarnetStore
import Hummingbird

/// `/api/v1/deals`: decode, call `DealService`, encode. `PATCH {"stage": KEY}` moves a deal.
struct DealRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let deals = writes.services.deals
        let changes = writes.services.changes
        api.on(.post, "deals", .write) { request, _, actor in
            let patch = try await writes.decode(DealPatch.self, request)
            return try await writes.create(request, actor: actor, collection: "deals") { conn in try deals.createWithJSON(patch, actor: actor, conn) }
        }
        api.on(.get, "deals", .read) { request, _, _ in
            var query = DealQuery(stage: request.query("stage"), limit: try Cursor.limit(request.query("limit")), cursor: request.query("cursor"))
            query.prefix = request.query("q")
            query.ownerID = request.query("owner")
            query.contactID = request.query("contact_id")
            query.companyID = request.query("company_id")
            query.archived = try request.flag("archived")
            let filters = query
            return try await writes.read { conn in try deals.list(filters, conn) }
        }
        api.on(.get, "deals/{id}", .read) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in try deals.get(id, conn) }
        }
        api.on(.patch, "deals/{id}", .write) { request, context, actor in
            let id = try context.parameter("id")
            let patch = try await writes.decode(DealPatch.self, request)
            let version = try request.expectedVersion()
            return try await writes.update(request, actor: actor) { conn in try deals.update(id, patch, expectedVersion: version, actor: actor, conn) }
        }
        api.on(.delete, "deals/{id}", .write) { request, context, actor in
            let id = try context.parameter("id")
            let version = try request.expectedVersion()
            return try await writes.update(request, actor: actor) { conn in try deals.setArchived(id, true, expectedVersion: version, actor: actor, conn) }
        }
        api.on(.post, "deals/{id}/restore", .manage) { request, context, actor in
            let id = try context.parameter("id")
            return try await writes.update(request, actor: actor) { conn in try deals.setArchived(id, false, expectedVersion: nil, actor: actor, conn) }
        }
        api.on(.get, "deals/{id}/stages", .read) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in
                _ = try deals.get(id, conn)
                return Page(items: try deals.stageHistory(id, conn), nextCursor: nil)
            }
        }
        api.on(.get, "deals/{id}/audit", .read) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in
                _ = try deals.get(id, conn)
                return Page(items: try changes.auditTrail(entity: "deal", id: id, conn), nextCursor: nil)
            }
        }
    }
}
