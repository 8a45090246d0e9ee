import CarnetCore
import CarnetStore
import Hummingbird

/// `/api/v1/companies`: decode, call `CompanyService`, encode.
struct CompanyRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let companies = writes.services.companies
        let changes = writes.services.changes
        api.on(.post, "companies", .write) { request, _, actor in
            let patch = try await writes.decode(CompanyPatch.self, request)
            return try await writes.create(request, actor: actor, collection: "companies") { conn in try companies.createWithJSON(patch, actor: actor, conn) }
        }
        api.on(.get, "companies", .read) { request, _, _ in
            var query = CompanyQuery(prefix: request.query("q"), limit: try Cursor.limit(request.query("limit")), cursor: request.query("cursor"))
            query.ownerID = request.query("owner")
            query.archived = try request.flag("archived")
            let filters = query
            return try await writes.read { conn in try companies.list(filters, conn) }
        }
        api.on(.get, "companies/{id}", .read) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in try companies.get(id, conn) }
        }
        api.on(.patch, "companies/{id}", .write) { request, context, actor in
            let id = try context.parameter("id")
            let patch = try await writes.decode(CompanyPatch.self, request)
            let version = try request.expectedVersion()
            return try await writes.update(request, actor: actor) { conn in try companies.update(id, patch, expectedVersion: version, actor: actor, conn) }
        }
        api.on(.delete, "companies/{id}", .write) { request, context, actor in
            let id = try context.parameter("id")
            let version = try request.expectedVersion()
            return try await writes.update(request, actor: actor) { conn in try companies.setArchived(id, true, expectedVersion: version, actor: actor, conn) }
        }
        api.on(.post, "companies/{id}/restore", .manage) { request, context, actor in
            let id = try context.parameter("id")
            return try await writes.update(request, actor: actor) { conn in try companies.setArchived(id, false, expectedVersion: nil, actor: actor, conn) }
        }
        api.on(.get, "companies/{id}/audit", .read) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in
                _ = try companies.get(id, conn)
                return Page(items: try changes.auditTrail(entity: "company", id: id, conn), nextCursor: nil)
            }
        }
    }
}
