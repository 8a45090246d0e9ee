import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/lead-reassignments`: the leads handed on for want of a first contact, and their undo.
struct LeadReassignmentRoutes {
    let settings: FollowUpsSettings

    var all: [ModuleRoute] {
        let settings = self.settings
        let service: @Sendable (RouteRequest) -> LeadReassignmentService = { LeadReassignmentService(services: $0.carnet, settings: settings) }
        return [
            ModuleRoute(.get, "lead-reassignments", permission: .manage, summary: "The latest lead reassignments, newest first (limit)") { request in
                let limit = try ReminderRoutes.limit(request.query["limit"])
                let items = try await request.carnet.database.read { conn in try service(request).list(limit: limit, conn) }
                return try RouteResponse(encoding: ["items": items])
            },
            ModuleRoute(.post, "lead-reassignments/{id}/undo", permission: .manage, summary: "Give a reassigned lead back to its first owner") { request in
                let id = try TaskRoutes.id(request)
                return try await request.write { conn in try service(request).undo(id, actor: request.actor, conn) }
            },
        ]
    }
}
