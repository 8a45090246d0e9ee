import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// `/api/v1/tickets/{id}/messages`: the conversation of a ticket.
struct TicketMessageRoutes {
    let settings: TicketsSettings
    let mail: MailSettings

    var all: [ModuleRoute] {
        let (settings, mail) = (self.settings, self.mail)
        let messages: @Sendable (RouteRequest) -> TicketMessageService = {
            TicketMessageService(context: $0.carnet.context, settings: settings, mail: MailQueue(jobs: $0.carnet.jobs, settings: mail))
        }
        return [
            ModuleRoute(.get, "tickets/{id}/messages", permission: .read, summary: "A ticket's conversation, oldest first") { request in
                let id = try RouteInput.id(request)
                let limit = try Cursor.limit(request.query["limit"])
                let cursor = request.query["cursor"]
                let page = try await request.carnet.database.read { conn in try messages(request).list(of: id, limit: limit, cursor: cursor, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "tickets/{id}/messages", permission: .write, summary: "Reply to the customer by e-mail, or add an internal note") { request in
                let id = try RouteInput.id(request)
                let input = try request.decode(TicketMessageInput.self)
                let language = try RouteInput.language(request)
                return try await request.write(status: 201) { conn in
                    try messages(request).add(to: id, input, actor: request.actor, language: language, conn)
                }
            },
        ]
    }
}
