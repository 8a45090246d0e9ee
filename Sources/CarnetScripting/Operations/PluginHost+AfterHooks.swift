import CarnetCore
import CarnetStore
import Foundation

extension PluginHost {
    /// The job kind of one after-hook run: one job per plugin and event, so a failing plugin
    /// retries alone and never replays another's hook.
    public static let hookJobKind = "plugin.hook"

    /// Turns each committed event some enabled plugin hooks into one `plugin.hook` job per
    /// such plugin (deduplicated by plugin and event id). A plugin's hooks skip the events
    /// its own writes made; a chain of plugins stops at ``Actor/maximumPluginDepth``.
    public var subscriber: OutboxSubscriber {
        OutboxSubscriber(id: "plugins", eventTypes: PluginHookEvent.coreEvents, listening: { [self] _ in !snapshot.after.isEmpty }) { [self] event, _, conn in
            let targets = (snapshot.after[event.type] ?? []).filter { !event.origin.contains($0.plugin.id) }
            guard !targets.isEmpty else { return }
            guard event.origin.count < Actor.maximumPluginDepth else {
                logger.warning("plugin chain too deep: after-hooks not run", metadata: ["chain": "\(event.origin.joined(separator: " > "))", "event": "\(event.id)"])
                return
            }
            _ = try services.jobs.enqueue(targets.map { target in
                JobRequest(kind: Self.hookJobKind, payload: .object(["plugin": .string(target.plugin.id), "event_id": .string(event.id)]),
                           dedupeKey: "\(Self.hookJobKind):\(target.plugin.id):\(event.id)")
            }, conn)
        }
    }

    /// Runs one after-hook in the job's transaction: its writes commit with the job's
    /// completion, so a failed run leaves nothing behind and is retried. A plugin disabled
    /// since the event skips it.
    public var hookJobHandler: JobHandler {
        JobHandler(kind: Self.hookJobKind) { [self] job, conn in
            guard case .object(let payload) = job.payload, case .string(let pluginID)? = payload["plugin"],
                  case .string(let eventID)? = payload["event_id"] else {
                throw CarnetError.malformed(detail: "The job \(job.id) carries no plugin and event_id.", field: "payload")
            }
            guard let plugin = active(pluginID) else { return }
            guard let row = try conn.queryOne("SELECT * FROM events WHERE id = ?", [.text(eventID)]) else {
                throw CarnetError.notFound(entity: "event", id: eventID)
            }
            let event = ChangeLog.event(row)
            try runAfterHook(plugin, event: event, conn)
        }
    }

    /// Runs the plugin's after-hook on `event`, if it has one, in the caller's transaction;
    /// throws the hook's failure. Returns the run's context (nil without a hook).
    @discardableResult
    func runAfterHook(_ plugin: ActivePlugin, event: DomainEvent, _ conn: any SQLConnection) throws -> PluginRunContext? {
        guard let hook = plugin.manifest.hooks.first(where: { $0.event.phase == .after && $0.event.event == event.type }) else { return nil }
        let actor = Actor(userID: nil, role: .admin, name: "system", plugins: event.origin).plugin(plugin.id)
        let context = PluginRunContext(conn: conn, host: self, phase: .after, actor: .exactly(actor))
        let result = execute(plugin, kind: .hook, target: hook.event.description, function: hook.function, arguments: [Self.afterEvent(event)],
                             budget: plugin.budget(before: false), eventID: event.id, context: context)
        if case .failure(let error) = result { throw error }
        return context
    }

    /// The table an after-hook gets.
    static func afterEvent(_ event: DomainEvent) -> LuaValue {
        var table: [String: LuaValue] = [
            "id": .string(event.id), "type": .string(event.type), "phase": .string("after"), "entity": .string(event.entityType),
            "entity_id": .string(event.entityID), "occurred_at": .string(Timestamp.format(event.occurredAt)), "payload": LuaValue(event.payload),
        ]
        if let actor = event.actorID { table["actor_id"] = .string(actor) }
        return .object(table)
    }
}
