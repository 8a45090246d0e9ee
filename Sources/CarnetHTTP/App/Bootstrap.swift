import CarnetCore
import CarnetStore
import Foundation

/// First-start set-up: when the database has no user, create an admin and an API token.
public enum Bootstrap {
    /// What was created, to print once.
    public struct FirstAdmin: Sendable {
        public var email: String
        public var password: String
        public var token: String
    }

    /// Creates `admin@carnet.local` with a random password and a token if there are no users yet.
    public static func firstAdminIfNeeded(services: Services) async throws -> FirstAdmin? {
        guard try await services.database.read({ [services] conn in try services.users.count(conn) }) == 0 else { return nil }
        let password = String(Credentials.newToken().dropFirst(4).prefix(16))
        let hash = try Credentials.hashPassword(password)
        let token = Credentials.newToken()
        let email = "admin@carnet.local"
        let created = try await services.database.write { [services] conn -> Bool in
            guard try services.users.count(conn) == 0 else { return false }
            let user = try services.users.create(email: email, name: "Admin", role: .admin, passwordHash: hash, actor: .system, conn)
            _ = try services.users.addToken(userID: user.id, name: "first start", tokenHash: Credentials.tokenHash(token), actor: .system, conn)
            return true
        }
        return created ? FirstAdmin(email: email, password: password, token: token) : nil
    }
}
