import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/capture/rules`: the ordered assignment rules, written by managers and admins.
struct AssignmentRuleRoutes {
    var all: [ModuleRoute] {
        let rules: @Sendable (RouteRequest) -> AssignmentRuleService = { AssignmentRuleService(context: $0.carnet.context) }
        return [
            ModuleRoute(.get, "capture/rules", permission: .read, summary: "Assignment rules in the order they are tried") { request in
                let limit = try Cursor.limit(request.query["limit"])
                let cursor = request.query["cursor"]
                let page = try await request.carnet.database.read { conn in try rules(request).list(limit: limit, cursor: cursor, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "capture/rules", permission: .manage, summary: "Create an assignment rule") { request in
                let patch = try request.decode(AssignmentRulePatch.self)
                let language = try CaptureRouteInput.language(request)
                return try await request.write(status: 201) { conn in try rules(request).create(patch, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.get, "capture/rules/{id}", permission: .read, summary: "Get an assignment rule") { request in
                let id = try CaptureRouteInput.id(request)
                let rule = try await request.carnet.database.read { conn in try rules(request).get(id, conn) }
                return try RouteResponse(encoding: rule)
            },
            ModuleRoute(.patch, "capture/rules/{id}", permission: .manage, summary: "Change an assignment rule") { request in
                let id = try CaptureRouteInput.id(request)
                let patch = try request.decode(AssignmentRulePatch.self)
                let language = try CaptureRouteInput.language(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in
                    try rules(request).update(id, patch, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.delete, "capture/rules/{id}", permission: .manage, summary: "Archive an assignment rule") { request in
                let id = try CaptureRouteInput.id(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in try rules(request).archive(id, expectedVersion: version, actor: request.actor, conn) }
            },
        ]
    }
}
