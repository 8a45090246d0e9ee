import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `POST /api/v1/contacts/merge`, `/api/v1/companies/merge` and `/api/v1/merges`: merging two
/// records, the merges made, and their undo.
struct MergeRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let merges = writes.services.merges
        for entity in DuplicateEntity.allCases {
            api.on(.post, "\(entity.table)/merge", .manage) { request, _, actor in
                let body = try await writes.decode(MergeRequest.self, request)
                return try await writes.create(request, actor: actor, collection: "merges") { conn in try merges.merge(entity, body, actor: actor, conn) }
            }
        }
        api.on(.get, "merges", .manage) { request, _, _ in
            let limit = try Cursor.limit(request.query("limit"))
            let cursor = request.query("cursor")
            return try await writes.read { conn in try merges.list(limit: limit, cursor: cursor, conn) }
        }
        api.on(.get, "merges/{id}", .manage) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in try merges.get(id, conn) }
        }
        api.on(.post, "merges/{id}/undo", .manage) { request, context, actor in
            let id = try context.parameter("id")
            return try await writes.update(request, actor: actor) { conn in try merges.undo(id, actor: actor, conn) }
        }
    }
}
