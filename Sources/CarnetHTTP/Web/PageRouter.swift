import CarnetCore
import CarnetStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Registers the pages: a page needs a signed-in browser (else it redirects to the sign-in
/// page), the role its permission asks for, and on a POST the session's CSRF token, in the
/// form's `_csrf` field or the `X-CSRF-Token` header. Errors become an HTML page with the
/// status the API would give.
struct PageRouter {
    typealias Handler = @Sendable (PageRequest) async throws -> Response
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    let router: Router<CarnetRequestContext>
    let kit: WebKit

    func get(_ path: String, _ permission: Permission = .read, _ handler: @escaping Handler) {
        add(.get, path, permission, handler)
    }

    func post(_ path: String, _ permission: Permission = .write, _ handler: @escaping Handler) {
        add(.post, path, permission, handler)
    }

    private func add(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission, _ handler: @escaping Handler) {
        let kit = self.kit
        router.on(RouterPath(path), method: method) { request, context in
            guard let actor = context.actor, let session = context.web else {
                let next = method == .get ? request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F" : "%2F"
                return Response.redirect(to: "/login?next=" + next, type: .normal)
            }
            do {
                var form = WebForm("")
                if method != .get {
                    let body = try await request.body.collect(upTo: kit.bodyLimit)
                    form = WebForm(String(buffer: body))
                    let sent = form.values["_csrf"] ?? request.headers[Self.csrfHeader] ?? ""
                    guard Self.same(sent, session.csrf) else {
                        return kit.errorPage(status: .forbidden, message: L10n.text("web.csrf_failed", session.language), language: session.language)
                    }
                }
                try actor.require(permission)
                let modules = try await kit.gate.enabled()
                return try await handler(PageRequest(request: request, context: context, actor: actor, session: session, form: form, modules: modules))
            } catch {
                let problem = Problem(error)
                if problem.status >= 500 { context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))") }
                return kit.errorPage(status: .init(code: problem.status), message: problem.detail, language: session.language)
            }
        }
    }

    /// Compares the tokens in constant time.
    static func same(_ sent: String, _ expected: String) -> Bool {
        let a = Array(sent.utf8), b = Array(expected.utf8)
        guard a.count == b.count, !b.isEmpty else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
