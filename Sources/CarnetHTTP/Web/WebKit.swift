import CarnetCore
import CarnetFollowUps
import CarnetScripting
import CarnetStore
import Foundation
import Hummingbird

/// What the pages share: the services, the templates and the web settings.
struct WebKit: Sendable {
    let services: Services
    let renderer: WebRenderer
    let sessions: WebSessionService
    let bodyLimit: Int
    /// Cookies get `Secure` when the public address is https.
    let secureCookies: Bool
    let sessionLifetime: TimeInterval
    let loginMaxAttempts: Int
    let followUps: FollowUpsSettings
    let gate: ModuleGate
    /// Runs the plugins' actions from their buttons on the record pages.
    let plugins: PluginHost

    /// A page of its own for an error: the status and what went wrong.
    func errorPage(status: HTTPResponse.Status, message: String, language: Language) -> Response {
        renderer.response("error", [
            "t": L10n.webTexts(language), "lang": language.rawValue, "title": status.reasonPhrase,
            "status": Int(status.code), "message": status == .notFound ? L10n.text("web.not_found", language) : message,
        ], status: status)
    }

    /// Whether a module is on now.
    func enabled(_ module: String) async throws -> Bool {
        try await gate.enabled().contains(module)
    }

    /// A JSON answer for the pages' scripts.
    func json(_ value: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
