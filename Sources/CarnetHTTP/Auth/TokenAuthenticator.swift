import CarnetCore
import CarnetStore
import Foundation
import Synchronization

/// Finds the user behind an API token, caching answers for a few seconds.
///
/// The cache saves a database round trip on every request. A revoked token keeps
/// working on other instances for at most `ttl` (`auth.token_cache_seconds`); the
/// instance that revokes it forgets it at once.
public final class TokenAuthenticator: Sendable {
    private struct Entry {
        var actor: Actor
        var expires: Date
    }

    private let services: Services
    private let ttl: TimeInterval
    private let cache = Mutex<[String: Entry]>([:])

    public init(services: Services, ttl: TimeInterval) {
        self.services = services
        self.ttl = ttl
    }

    /// The actor for a bearer token, or nil if the token is unknown, revoked or its user inactive.
    public func actor(forToken token: String) async throws -> Actor? {
        let hash = Credentials.tokenHash(token)
        let now = services.context.clock.now
        if let entry = cache.withLock({ $0[hash] }), entry.expires > now { return entry.actor }
        let users = services.users
        guard let user = try await services.database.read({ conn in try users.user(tokenHash: hash, conn) }) else {
            cache.withLock { _ = $0.removeValue(forKey: hash) }
            return nil
        }
        if ttl > 0 {
            cache.withLock { entries in
                if entries.count > 10_000 { entries.removeAll() }
                entries[hash] = Entry(actor: user.actor, expires: now.addingTimeInterval(ttl))
            }
        }
        return user.actor
    }

    /// Forgets every cached token (after a revocation or a role change on this instance).
    public func forgetAll() {
        cache.withLock { $0.removeAll() }
    }
}
