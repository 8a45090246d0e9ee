import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/login` and `/logout`. The sign-in form is protected from cross-site posts by a
/// double-submitted token (a cookie and a hidden field that must match); failures are
/// counted per e-mail and per client address (`[auth] login_max_attempts` per 15 minutes).
struct SignInPages {
    static let formCookie = "carnet_login"
    let kit: WebKit

    func register(_ router: Router<CarnetRequestContext>, pages: PageRouter) {
        let kit = self.kit
        router.get("/login") { request, context in
            if context.web != nil { return Response.redirect(to: "/", type: .normal) }
            return Self.form(kit, request, status: .ok, message: nil, email: "")
        }
        router.post("/login") { request, context in
            let form = WebForm(String(buffer: try await request.body.collect(upTo: kit.bodyLimit)))
            let language = Self.language(request)
            guard let sent = form.values["_csrf"], let expected = request.cookies[Self.formCookie]?.value, PageRouter.same(sent, expected) else {
                return kit.errorPage(status: .forbidden, message: L10n.text("web.csrf_failed", language), language: language)
            }
            let email = (form["email"] ?? "").lowercased()
            let password = form.values["password"] ?? ""
            let keys = ["email:" + email, "client:" + Self.client(request, context)]
            let throttle = LoginThrottle(clock: kit.services.context.clock, limit: kit.loginMaxAttempts)
            let services = kit.services
            if let until = try await services.database.read({ conn in try throttle.blockedUntil(keys, conn) }) {
                let zone = kit.followUps.timeZone
                let minutes = Int(until.timeIntervalSince1970) / 60 + zone.secondsFromGMT(for: until) / 60
                let time = L10n.time(hour: (minutes / 60) % 24, minute: minutes % 60, language)
                return Self.form(kit, request, status: .tooManyRequests, message: L10n.text("web.login_throttled", language, ["time": time]), email: email)
            }
            let user = try await services.database.read { conn in try services.users.find(email: email, conn) }
            guard let user, user.active, let hash = user.passwordHash, Credentials.verify(password, hash: hash) else {
                try await services.database.write { conn in try throttle.recordFailure(keys, conn) }
                return Self.form(kit, request, status: .unauthorized, message: L10n.text("web.login_failed", language), email: email)
            }
            let token = Credentials.newToken()
            let sessions = kit.sessions
            try await services.database.write { conn in
                try throttle.reset(keys, conn)
                try sessions.create(tokenHash: Credentials.tokenHash(token), userID: user.id, csrf: Credentials.newToken(),
                                    lifetime: kit.sessionLifetime, conn)
            }
            var response = Response.redirect(to: Self.safeNext(form["next"]), type: .normal)
            response.setCookie(Cookie(name: WebSessionMiddleware.cookie, value: token, maxAge: Int(kit.sessionLifetime), path: "/",
                                      secure: kit.secureCookies, httpOnly: true, sameSite: .lax))
            response.setCookie(Cookie(name: Self.formCookie, value: "", maxAge: 0, path: "/login", secure: kit.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
        pages.post("/logout", .read) { page in
            let sessions = kit.sessions
            try await kit.services.database.write { conn in try sessions.delete(tokenHash: page.session.tokenHash, conn) }
            var response = Response.redirect(to: "/login", type: .normal)
            response.setCookie(Cookie(name: WebSessionMiddleware.cookie, value: "", maxAge: 0, path: "/", secure: kit.secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    /// The sign-in page, with a fresh form token in its cookie and field.
    static func form(_ kit: WebKit, _ request: Request, status: HTTPResponse.Status, message: String?, email: String) -> Response {
        let language = language(request)
        let token = Credentials.newToken()
        var data: [String: Any] = ["t": L10n.webTexts(language), "lang": language.rawValue, "title": L10n.text("web.sign_in", language),
                                   "csrf": token, "email": email, "next": safeNext(request.uri.queryParameters.get("next"))]
        if let message { data["message"] = message }
        var response = kit.renderer.response("login", data, status: status)
        response.setCookie(Cookie(name: formCookie, value: token, path: "/login", secure: kit.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    /// The browser's language, from `Accept-Language`, before anyone is signed in.
    static func language(_ request: Request) -> Language {
        Language(locale: request.headers[.acceptLanguage] ?? "en")
    }

    /// Where to go after signing in: a path on this site only, never another site.
    static func safeNext(_ next: String?) -> String {
        // Browsers drop tabs and newlines from a URL and read "\\" as "/": "/\t/evil.example" would leave the site.
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"),
              !next.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\\" || $0.value == 0x7F }) else { return "/" }
        return next
    }

    /// The client's address, for counting failures.
    static func client(_ request: Request, _ context: CarnetRequestContext) -> String {
        context.remoteAddress.map { "\($0.ipAddress ?? "?")" } ?? "unknown"
    }
}
