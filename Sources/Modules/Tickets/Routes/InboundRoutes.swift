import CarnetCore
import CarnetMail
import CarnetStore
import Foundation

/// `POST /api/v1/tickets/inbound`: a raw e-mail from the mail server, threaded onto its ticket.
struct InboundRoutes {
    let settings: TicketsSettings
    let mail: MailSettings

    var all: [ModuleRoute] {
        let settings = self.settings
        let ownAddress = mail.from.address
        return [
            ModuleRoute(.post, "tickets/inbound", permission: .write, summary: "Receive a customer's e-mail (Content-Type: message/rfc822)") { request in
                let type = request.headers["content-type"].map { MIMEHeaders.parameterized($0).value }
                guard type == "message/rfc822" else {
                    throw CarnetError.malformed(detail: "Send the raw e-mail as the body, with Content-Type: message/rfc822.", field: "Content-Type")
                }
                guard !request.body.isEmpty else { throw CarnetError.validation([FieldError("message", "is empty")]) }
                let language = try RouteInput.language(request)
                let inbound = InboundMailService(context: request.carnet.context, settings: settings, ownAddress: ownAddress)
                let body = request.body
                return try await request.write { conn in try inbound.receive(body, actor: request.actor, language: language, conn) }
            },
        ]
    }
}
