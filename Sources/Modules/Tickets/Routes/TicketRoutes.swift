import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/tickets` and `/api/v1/tickets/{id}`: decode, call the service, encode.
struct TicketRoutes {
    let settings: TicketsSettings

    var all: [ModuleRoute] {
        let settings = self.settings
        let tickets: @Sendable (RouteRequest) -> TicketService = { TicketService(context: $0.carnet.context, settings: settings) }
        return [
            ModuleRoute(.get, "tickets", permission: .read,
                        summary: "List tickets, newest first (status, assignee, priority, company_id, contact_id, breaching_soon, archived)") { request in
                let query = try Self.query(request)
                let page = try await request.carnet.database.read { conn in try tickets(request).list(query, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "tickets", permission: .write, summary: "Open a ticket") { request in
                let patch = try request.decode(TicketPatch.self)
                let language = try RouteInput.language(request)
                return try await request.write(status: 201) { conn in try tickets(request).create(patch, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.get, "tickets/{id}", permission: .read, summary: "Get a ticket") { request in
                let id = try RouteInput.id(request)
                let ticket = try await request.carnet.database.read { conn in try tickets(request).get(id, conn) }
                return try RouteResponse(encoding: ticket)
            },
            ModuleRoute(.patch, "tickets/{id}", permission: .write, summary: "Change, assign or move a ticket through its statuses") { request in
                let id = try RouteInput.id(request)
                let patch = try request.decode(TicketPatch.self)
                let language = try RouteInput.language(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in
                    try tickets(request).update(id, patch, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.delete, "tickets/{id}", permission: .write, summary: "Archive a ticket") { request in
                let id = try RouteInput.id(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in try tickets(request).archive(id, expectedVersion: version, actor: request.actor, conn) }
            },
        ]
    }

    static func query(_ request: RouteRequest) throws -> TicketQuery {
        var query = TicketQuery()
        query.status = try RouteInput.choice(request, "status", as: TicketStatus.self)
        query.priority = try RouteInput.choice(request, "priority", as: TicketPriority.self)
        if let assignee = request.query["assignee"] {
            if assignee == "me" {
                guard let user = request.actor.userID else { throw CarnetError.validation([FieldError("assignee", "me means the calling user; the system actor has none")]) }
                query.assigneeID = user
            } else {
                query.assigneeID = assignee
            }
        }
        query.companyID = request.query["company_id"]
        query.contactID = request.query["contact_id"]
        query.breachingSoon = try QueryValue.flag(request.query["breaching_soon"], field: "breaching_soon")
        query.archived = try QueryValue.flag(request.query["archived"], field: "archived")
        query.limit = try Cursor.limit(request.query["limit"])
        query.cursor = request.query["cursor"]
        return query
    }
}
