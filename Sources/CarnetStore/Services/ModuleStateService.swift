import CarnetCore
import Foundation

/// Which modules are enabled: stored in the `modules` table, seeded once from the configuration.
public struct ModuleStateService: Sendable {
    public let context: ServiceContext
    public let catalog: ModuleCatalog

    public init(context: ServiceContext, catalog: ModuleCatalog) {
        self.context = context
        self.catalog = catalog
    }

    /// The ids of enabled modules.
    public func enabled(_ conn: any SQLConnection) throws -> Set<String> {
        Set(try conn.query("SELECT id FROM modules WHERE enabled = 1", []).compactMap { $0.string("id") })
    }

    /// On first start, records the configured modules as enabled and the others as disabled.
    /// Afterwards the table decides and the configuration no longer does.
    public func seed(configured: [String], _ conn: any SQLConnection) throws {
        let now = context.clock.now
        for module in catalog.modules {
            try conn.execute("INSERT INTO modules (id, enabled, changed_at, changed_by) VALUES (?, ?, ?, 'config') ON CONFLICT (id) DO NOTHING",
                             [.text(module.id), .bool(configured.contains(module.id)), .date(now)])
        }
    }

    /// Enables or disables a module after checking its dependencies; writes `module.enabled|disabled`.
    public func set(_ id: String, enabled: Bool, actor: Actor, _ conn: any SQLConnection) throws {
        try actor.require(.administer)
        let current = try self.enabled(conn)
        if enabled { try catalog.checkEnable(id, enabled: current) } else { try catalog.checkDisable(id, enabled: current) }
        guard current.contains(id) != enabled else { return }
        try conn.execute(
            "INSERT INTO modules (id, enabled, changed_at, changed_by) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, changed_at = excluded.changed_at, changed_by = excluded.changed_by",
            [.text(id), .bool(enabled), .date(context.clock.now), .string(actor.userID ?? actor.name)]
        )
        try ChangeLog(clock: context.clock).event(enabled ? EventType.moduleEnabled : EventType.moduleDisabled, entity: "module", id: id, actor: actor, payload: .object([:]), conn)
    }
}
