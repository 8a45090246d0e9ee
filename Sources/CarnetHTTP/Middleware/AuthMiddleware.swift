import CarnetCore
import Hummingbird

/// Reads `Authorization: Bearer <token>` and sets the request's actor; refuses bad tokens with 401.
///
/// A request without the header passes through unauthenticated; each route then
/// decides (through `context.require`) whether it needs a user.
struct AuthMiddleware: RouterMiddleware {
    let authenticator: TokenAuthenticator

    func handle(_ request: Request, context: CarnetRequestContext, next: (Request, CarnetRequestContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            throw CarnetError.unauthenticated("Use Authorization: Bearer <token>.")
        }
        let token = String(header.dropFirst(7)).trimmedOrNil ?? ""
        guard token.count <= 200, let actor = try await authenticator.actor(forToken: token) else {
            throw CarnetError.unauthenticated("The API token is unknown or revoked.")
        }
        var context = context
        context.actor = actor
        return try await next(request, context)
    }
}
