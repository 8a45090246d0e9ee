import CarnetCore
import CarnetSegments
import CarnetStore
import Foundation
import Hummingbird

/// The addresses marketing e-mails (campaigns, nurturing sequences) point at, public because recipients have no account: the
/// unsubscribe page `GET /u/{token}` and its one-click `POST /u/{token}` (RFC 8058, what mail
/// clients send for `List-Unsubscribe-Post`), and with `[segments] tracking` on, the open pixel
/// `GET /t/o/{token}.gif` and the click redirect `GET /t/c/{token}?u=<address>`.
///
/// The signed recipient token is the credential. Each answers 404 while the segments module is
/// off, and for a token that was not signed here. The redirect only leads to an address written
/// in the mail's body, never to one taken from the request alone.
struct CampaignPublicRoutes {
    let services: Services
    let gate: ModuleGate
    let settings: SegmentsSettings
    /// The kinds of mail whose tokens these addresses take.
    let kinds: [TrackedMailKind]

    static let module = "segments"
    static let html = "text/html; charset=utf-8"
    /// A transparent 1×1 GIF.
    static let pixel: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04,
        0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    func register(_ api: APIRouteBuilder) {
        let tracking = CampaignTracking(context: services.context, settings: settings, kinds: kinds)
        let (gate, database) = (self.gate, services.database)
        api.publicRoute(.get, "/u/{token}") { _, context in
            try await gate.require(Self.module)
            let token = try context.parameter("token")
            let recipient = try await database.read { conn in try tracking.recipient(token, conn) }
            let language = recipient.language
            let email = HTMLEscape.escape(recipient.email ?? "")
            let body = recipient.unsubscribed
                ? "<h1>\(L10n.text("unsubscribe.done_title", language))</h1>\n<p>\(L10n.text("unsubscribe.done", language, ["email": email]))</p>"
                : """
                <h1>\(L10n.text("unsubscribe.title", language))</h1>
                <p>\(L10n.text("unsubscribe.question", language, ["email": email]))</p>
                <form method="post" action="/u/\(HTMLEscape.escape(token))"><button type="submit">\(L10n.text("unsubscribe.button", language))</button></form>
                """
            return Self.page(body, title: L10n.text("unsubscribe.title", language), language: language)
        }
        api.publicRoute(.post, "/u/{token}") { _, context in
            try await gate.require(Self.module)
            let token = try context.parameter("token")
            let recipient = try await database.write { conn in try tracking.unsubscribe(token, conn) }
            let language = recipient.language
            let email = HTMLEscape.escape(recipient.email ?? "")
            return Self.page("<h1>\(L10n.text("unsubscribe.done_title", language))</h1>\n<p>\(L10n.text("unsubscribe.done", language, ["email": email]))</p>",
                             title: L10n.text("unsubscribe.done_title", language), language: language)
        }
        api.publicRoute(.get, "/t/o/{file}") { _, context in
            try await gate.require(Self.module)
            let file = try context.parameter("file")
            guard file.hasSuffix(".gif") else { throw CarnetError.notFound(entity: "tracking address", id: "this address") }
            let token = String(file.dropLast(4))
            try await database.write { conn in try tracking.open(token, conn) }
            return Response(status: .ok, headers: [.contentType: "image/gif", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Self.pixel)))
        }
        api.publicRoute(.get, "/t/c/{token}") { request, context in
            try await gate.require(Self.module)
            let token = try context.parameter("token")
            guard let url = request.uri.queryParameters.get("u"), !url.isEmpty else {
                throw CarnetError.validation([FieldError("u", L10n.text("validation.required", .en))])
            }
            let target = try await database.write { conn in try tracking.click(token, url: url, conn) }
            return Response(status: .found, headers: [.location: target, .cacheControl: "no-store"])
        }
    }

    /// A small page in `language`, its texts already escaped.
    static func page(_ body: String, title: String, language: Language) -> Response {
        let html = """
            <!DOCTYPE html>
            <html lang="\(language.rawValue)"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title></head>
            <body>
            \(body)
            </body></html>

            """
        return Response(status: .ok, headers: [.contentType: Self.html, .cacheControl: "no-store"], body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
