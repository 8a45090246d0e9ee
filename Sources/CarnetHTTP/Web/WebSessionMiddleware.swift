import CarnetCore
import CarnetStore
import Hummingbird

/// What a page request knows of its browser session.
struct WebSessionState: Sendable {
    /// The SHA-256 of the cookie value, as stored.
    var tokenHash: String
    var csrf: String
    var language: Language
}

/// Reads the `carnet_session` cookie on page requests (never on `/api/`: a cookie there would
/// let another site's form act for the user) and sets the actor and the session.
struct WebSessionMiddleware: RouterMiddleware {
    static let cookie = "carnet_session"
    let sessions: WebSessionService
    let database: any Database

    func handle(_ request: Request, context: CarnetRequestContext, next: (Request, CarnetRequestContext) async throws -> Response) async throws -> Response {
        guard !request.uri.path.hasPrefix("/api/"), context.actor == nil, let token = request.cookies[Self.cookie]?.value, token.count <= 200 else {
            return try await next(request, context)
        }
        let hash = Credentials.tokenHash(token)
        let sessions = self.sessions
        guard let session = try await database.read({ conn in try sessions.find(tokenHash: hash, conn) }) else {
            return try await next(request, context)
        }
        var context = context
        context.actor = Actor(userID: session.user.id, role: session.user.role, name: session.user.name)
        // A user whose locale says French gets French; the others get their browser's language.
        let locale = session.user.locale.lowercased().hasPrefix("fr") ? session.user.locale : request.headers[.acceptLanguage] ?? session.user.locale
        context.web = WebSessionState(tokenHash: hash, csrf: session.csrf, language: Language(locale: locale))
        return try await next(request, context)
    }
}
