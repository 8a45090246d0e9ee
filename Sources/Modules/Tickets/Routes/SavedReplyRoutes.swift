import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/ticket-replies`: saved replies, searched while typing, written by managers and admins.
struct SavedReplyRoutes {
    var all: [ModuleRoute] {
        let replies: @Sendable (RouteRequest) -> SavedReplyService = { SavedReplyService(context: $0.carnet.context) }
        return [
            ModuleRoute(.get, "ticket-replies", permission: .read, summary: "Saved replies by title (q = prefix of the title)") { request in
                let limit = try Cursor.limit(request.query["limit"])
                let (prefix, cursor) = (request.query["q"], request.query["cursor"])
                let page = try await request.carnet.database.read { conn in try replies(request).search(prefix: prefix, limit: limit, cursor: cursor, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "ticket-replies", permission: .manage, summary: "Save a reply") { request in
                let patch = try request.decode(SavedReplyPatch.self)
                let language = try RouteInput.language(request)
                return try await request.write(status: 201) { conn in try replies(request).create(patch, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.get, "ticket-replies/{id}", permission: .read, summary: "Get a saved reply") { request in
                let id = try RouteInput.id(request)
                let reply = try await request.carnet.database.read { conn in try replies(request).get(id, conn) }
                return try RouteResponse(encoding: reply)
            },
            ModuleRoute(.patch, "ticket-replies/{id}", permission: .manage, summary: "Change a saved reply") { request in
                let id = try RouteInput.id(request)
                let patch = try request.decode(SavedReplyPatch.self)
                let language = try RouteInput.language(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in
                    try replies(request).update(id, patch, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.delete, "ticket-replies/{id}", permission: .manage, summary: "Archive a saved reply") { request in
                let id = try RouteInput.id(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in try replies(request).archive(id, expectedVersion: version, actor: request.actor, conn) }
            },
        ]
    }
}
