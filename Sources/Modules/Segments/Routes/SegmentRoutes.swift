import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/segments`: the segments, their live counts and members, and the preview of a
/// filter being edited.
struct SegmentRoutes {
    var all: [ModuleRoute] {
        let segments: @Sendable (RouteRequest) -> SegmentService = { SegmentService(context: $0.carnet.context) }
        return [
            ModuleRoute(.get, "segments", permission: .read, summary: "List segments by name") { request in
                let (limit, cursor) = (try Cursor.limit(request.query["limit"]), request.query["cursor"])
                let page = try await request.carnet.database.read { conn in try segments(request).list(limit: limit, cursor: cursor, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "segments", permission: .write, summary: "Create a segment") { request in
                let patch = try request.decode(SegmentPatch.self)
                let language = try RouteInput.language(request)
                return try await request.write(status: 201) { conn in try segments(request).create(patch, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.post, "segments/preview", permission: .read, summary: "Count the contacts a filter matches, with the first of them") { request in
                let body = try request.decode(SegmentPreviewRequest.self)
                let language = try RouteInput.language(request)
                let preview = try await request.carnet.database.read { conn in try segments(request).preview(body.filter, language: language, conn) }
                return try RouteResponse(encoding: preview)
            },
            ModuleRoute(.get, "segments/{id}", permission: .read, summary: "Get a segment") { request in
                let id = try RouteInput.id(request)
                return try RouteResponse(encoding: try await request.carnet.database.read { conn in try segments(request).get(id, conn) })
            },
            ModuleRoute(.patch, "segments/{id}", permission: .write, summary: "Change a segment") { request in
                let id = try RouteInput.id(request)
                let patch = try request.decode(SegmentPatch.self)
                let (language, version) = (try RouteInput.language(request), try request.expectedVersion())
                return try await request.write { conn in
                    try segments(request).update(id, patch, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.delete, "segments/{id}", permission: .write, summary: "Delete a segment no campaign uses") { request in
                let id = try RouteInput.id(request)
                let (language, version) = (try RouteInput.language(request), try request.expectedVersion())
                return try await request.write { conn in
                    try segments(request).delete(id, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.get, "segments/{id}/count", permission: .read, summary: "How many contacts a segment holds now") { request in
                let id = try RouteInput.id(request)
                let language = try RouteInput.language(request)
                let count = try await request.carnet.database.read { conn in
                    let service = segments(request)
                    let filter = try service.filter(of: try service.get(id, conn), language: language, conn)
                    return SegmentCount(segmentID: id, count: try service.count(filter, conn))
                }
                return try RouteResponse(encoding: count)
            },
            ModuleRoute(.get, "segments/{id}/contacts", permission: .read, summary: "The contacts a segment holds now, by id") { request in
                let id = try RouteInput.id(request)
                let (language, limit, cursor) = (try RouteInput.language(request), try Cursor.limit(request.query["limit"]), request.query["cursor"])
                let page = try await request.carnet.database.read { conn in
                    let service = segments(request)
                    let filter = try service.filter(of: try service.get(id, conn), language: language, conn)
                    return try service.members(filter, limit: limit, cursor: cursor, conn)
                }
                return try RouteResponse(encoding: page)
            },
        ]
    }
}
