import Synchronization

/// The modules whose tables exist (their migrations applied), read for all of a catalog's
/// outbox subscribers at most once a second: the outbox asks before every batch. A module
/// enabled meanwhile is seen within the second.
final class InstalledModules: Sendable {
    private let state = Mutex<(modules: Set<String>, readAt: ContinuousClock.Instant?)>(([], nil))
    static let freshness = Duration.seconds(1)

    func contains(_ module: String, _ conn: any SQLConnection) throws -> Bool {
        let now = ContinuousClock.now
        let cached = state.withLock { state -> Set<String>? in
            guard let readAt = state.readAt, now - readAt < Self.freshness else { return nil }
            return state.modules
        }
        if let cached { return cached.contains(module) }
        let modules = Set(try conn.query("SELECT DISTINCT module FROM schema_migrations", []).compactMap { $0.string("module") })
        state.withLock { $0 = (modules, now) }
        return modules.contains(module)
    }
}
