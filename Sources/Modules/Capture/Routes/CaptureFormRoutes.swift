import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/capture/forms`: the capture forms, written by managers and admins, and the HTML
/// snippet that embeds one in another site.
struct CaptureFormRoutes {
    let settings: CaptureSettings

    var all: [ModuleRoute] {
        let forms: @Sendable (RouteRequest) -> CaptureFormService = { CaptureFormService(context: $0.carnet.context) }
        let publicURL = settings.publicURL
        return [
            ModuleRoute(.get, "capture/forms", permission: .read, summary: "Capture forms by slug") { request in
                let limit = try Cursor.limit(request.query["limit"])
                let archived = try QueryValue.flag(request.query["archived"], field: "archived")
                let cursor = request.query["cursor"]
                let page = try await request.carnet.database.read { conn in try forms(request).list(archived: archived, limit: limit, cursor: cursor, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "capture/forms", permission: .manage, summary: "Create a capture form") { request in
                let patch = try request.decode(CaptureFormPatch.self)
                let language = try CaptureRouteInput.language(request)
                return try await request.write(status: 201) { conn in try forms(request).create(patch, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.get, "capture/forms/{id}", permission: .read, summary: "Get a capture form") { request in
                let id = try CaptureRouteInput.id(request)
                let form = try await request.carnet.database.read { conn in try forms(request).get(id, conn) }
                return try RouteResponse(encoding: form)
            },
            ModuleRoute(.patch, "capture/forms/{id}", permission: .manage, summary: "Change a capture form") { request in
                let id = try CaptureRouteInput.id(request)
                let patch = try request.decode(CaptureFormPatch.self)
                let language = try CaptureRouteInput.language(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in
                    try forms(request).update(id, patch, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.delete, "capture/forms/{id}", permission: .manage, summary: "Archive a capture form") { request in
                let id = try CaptureRouteInput.id(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in try forms(request).archive(id, expectedVersion: version, actor: request.actor, conn) }
            },
            ModuleRoute(.get, "capture/forms/{id}/snippet", permission: .read, summary: "The HTML snippet that embeds a capture form") { request in
                let id = try CaptureRouteInput.id(request)
                let language = try CaptureRouteInput.language(request)
                let form = try await request.carnet.database.read { conn in try forms(request).get(id, conn) }
                let action = "\(publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL)/f/\(form.slug)"
                return RouteResponse(text: CapturePage.snippet(form, language: language, action: action), contentType: "text/html; charset=utf-8")
            },
        ]
    }
}
