import Synchronization

/// The modules whose tables exist (their migrations applied), for a catalog's outbox
/// subscribers: the outbox asks before every batch. A module once seen installed stays so
/// (migrations are never undone), so only a module not yet seen costs a query, and one
/// enabled a moment ago is seen at the next batch.
final class InstalledModules: Sendable {
    private let known = Mutex<Set<String>>([])

    func contains(_ module: String, _ conn: any SQLConnection) throws -> Bool {
        if known.withLock({ $0.contains(module) }) { return true }
        let installed = Set(try conn.query("SELECT DISTINCT module FROM schema_migrations", []).compactMap { $0.string("module") })
        known.withLock { $0.formUnion(installed) }
        return installed.contains(module)
    }
}
