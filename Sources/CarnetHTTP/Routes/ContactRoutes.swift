import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/api/v1/contacts`: decode, call `ContactService`, encode.
struct ContactRoutes {
    let writes: WriteRunner
    var contacts: ContactService { writes.services.contacts }

    func register(_ api: APIRouteBuilder) {
        let contacts = self.contacts
        let changes = writes.services.changes
        let personalData = writes.services.modules.catalog.personalData
        api.on(.post, "contacts", .write) { request, _, actor in
            let patch = try await writes.decode(ContactPatch.self, request)
            return try await writes.create(request, actor: actor, collection: "contacts") { conn in try contacts.createWithJSON(patch, actor: actor, conn) }
        }
        api.on(.get, "contacts", .read) { request, _, _ in
            var query = ContactQuery(prefix: request.query("q"), limit: try Cursor.limit(request.query("limit")), cursor: request.query("cursor"))
            query.ownerID = request.query("owner")
            query.companyID = request.query("company_id")
            query.tag = request.query("tag")
            query.region = request.query("region")
            query.archived = try request.flag("archived")
            let filters = query
            return try await writes.read { conn in try contacts.list(filters, conn) }
        }
        api.on(.get, "contacts/{id}", .read) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in try contacts.get(id, conn) }
        }
        api.on(.patch, "contacts/{id}", .write) { request, context, actor in
            let id = try context.parameter("id")
            let patch = try await writes.decode(ContactPatch.self, request)
            let version = try request.expectedVersion()
            return try await writes.update(request, actor: actor) { conn in try contacts.update(id, patch, expectedVersion: version, actor: actor, conn) }
        }
        api.on(.delete, "contacts/{id}", .write) { request, context, actor in
            let id = try context.parameter("id")
            let version = try request.expectedVersion()
            return try await writes.update(request, actor: actor) { conn in try contacts.archive(id, expectedVersion: version, actor: actor, conn) }
        }
        api.on(.post, "contacts/{id}/restore", .manage) { request, context, actor in
            let id = try context.parameter("id")
            return try await writes.update(request, actor: actor) { conn in try contacts.restore(id, actor: actor, conn) }
        }
        api.on(.post, "contacts/{id}/erase", .administer) { request, context, actor in
            let id = try context.parameter("id")
            _ = try await writes.run(request, actor: actor) { conn in
                try contacts.erase(id, actor: actor, personalData: personalData, conn)
                return (Data(), nil)
            }
            return Response(status: .noContent)
        }
        api.on(.get, "contacts/{id}/audit", .read) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in
                _ = try contacts.get(id, conn)
                return Page(items: try changes.auditTrail(entity: "contact", id: id, conn), nextCursor: nil)
            }
        }
    }
}
