import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/api/v1/me`, `/api/v1/users` and `/api/v1/tokens`: who am I, the team and its roles, API tokens.
///
/// Changing a user or revoking a token empties this instance's token cache, so it takes effect here
/// at once (on other instances within `auth.token_cache_seconds`).
struct UserRoutes {
    let writes: WriteRunner
    let authenticator: TokenAuthenticator

    /// The body of `POST /api/v1/users`.
    struct NewUser: Decodable {
        var email: String
        var name: String
        var role: Role
        var password: String?
        var locale: String?
    }

    /// The body of `POST /api/v1/tokens`.
    struct NewToken: Decodable {
        var name: String?
    }

    /// A token as shown once, at creation.
    struct IssuedToken: Encodable, Identifiable {
        var id: String
        var token: String
        var name: String
    }

    func register(_ api: APIRouteBuilder) {
        let users = writes.services.users
        let authenticator = self.authenticator
        api.on(.get, "me", .read) { _, _, actor in
            guard let id = actor.userID else { throw CarnetError.notFound(entity: "user", id: "system") }
            return try await writes.read { conn in try users.get(id, conn) }
        }
        api.on(.get, "users", .administer) { _, _, _ in
            try await writes.read { conn in Page(items: try users.list(conn), nextCursor: nil) }
        }
        api.on(.post, "users", .administer) { request, _, actor in
            let input = try await writes.decode(NewUser.self, request)
            let hash = try input.password.map(Credentials.hashPassword)
            return try await writes.create(request, actor: actor, collection: "users") { conn in
                try users.create(email: input.email, name: input.name, role: input.role, passwordHash: hash, locale: input.locale ?? "en", actor: actor, conn)
            }
        }
        api.on(.patch, "users/{id}", .administer) { request, context, actor in
            let id = try context.parameter("id")
            let patch = try await writes.decode(UserPatch.self, request)
            let version = try request.expectedVersion()
            let response = try await writes.update(request, actor: actor) { conn in
                try users.update(id, patch, expectedVersion: version, actor: actor, conn)
            }
            authenticator.forgetAll()
            return response
        }
        api.on(.post, "tokens", .read) { request, _, actor in
            let input = try await writes.decode(NewToken.self, request)
            guard let userID = actor.userID else { throw CarnetError.forbidden("Only users have tokens.") }
            let token = Credentials.newToken()
            let name = input.name?.trimmedOrNil ?? "api"
            return try await writes.create(request, actor: actor, collection: "tokens", secret: true) { conn in
                let id = try users.addToken(userID: userID, name: name, tokenHash: Credentials.tokenHash(token), actor: actor, conn)
                return IssuedToken(id: id, token: token, name: name)
            }
        }
        api.on(.delete, "tokens/{id}", .read) { request, context, actor in
            let id = try context.parameter("id")
            _ = try await writes.run(request, actor: actor) { conn in
                try users.revokeToken(id, actor: actor, conn)
                return (Data(), nil)
            }
            authenticator.forgetAll()
            return Response(status: .noContent)
        }
    }
}
