import CarnetCore
import CarnetStore

extension PluginHost: BeforeChangeHooks {
    public func listens(to events: [String], actor: Actor) -> Bool {
        let before = snapshot.before
        guard !before.isEmpty else { return false }
        let listening = events.contains { event in
            before[event]?.contains { !actor.plugins.contains($0.plugin.id) } ?? false
        }
        guard listening else { return false }
        if actor.plugins.count >= Actor.maximumPluginDepth {
            logger.warning("plugin chain too deep: hooks not run", metadata: ["chain": "\(actor.plugins.joined(separator: " > "))", "events": "\(events)"])
            return false
        }
        return true
    }

    public func run(_ change: PendingChange, _ conn: any SQLConnection) throws -> [String: JSONValue] {
        try run(change, only: nil, conn)
    }

    /// Runs the before-hooks of the change, or only those of the plugin `only`; `observe`
    /// sees each run's context once the hook returned (what `replay` reports).
    func run(_ change: PendingChange, only: String?, observe: (PluginRunContext) -> Void = { _ in }, _ conn: any SQLConnection) throws -> [String: JSONValue] {
        let before = snapshot.before
        var record = change.record
        var fields: [String: JSONValue] = [:]
        for event in change.events {
            for target in before[event] ?? [] where !change.actor.plugins.contains(target.plugin.id) && (only == nil || only == target.plugin.id) {
                let context = PluginRunContext(conn: conn, host: self, phase: .before, allowsFieldChanges: change.allowsFieldChanges,
                                               actor: .plugin(id: target.plugin.id, after: change.actor))
                let argument = BeforeHookEvent(type: event, change: change, record: record)
                context.event = argument
                let result = execute(target.plugin, kind: .hook, target: target.key, function: target.function, arguments: [argument],
                                     budget: target.plugin.budget(before: true), eventID: nil, context: context)
                observe(context)
                if let rejection = context.rejection {
                    throw CarnetError.pluginRejected(plugin: target.plugin.id, message: rejection)
                }
                if case .failure(let error) = result {
                    if error.overrun?.budget == .cpuTime, target.plugin.ranAway() {
                        logger.warning("a before-hook spent its whole CPU budget: the plugin's before-hooks get \(ActivePlugin.penaltyCPU) of CPU for \(ActivePlugin.penaltyPeriod)",
                                       metadata: ["plugin": "\(target.plugin.id)", "hook": "\(target.key)"])
                    }
                    throw CarnetError.pluginFailed(plugin: target.plugin.id, detail: error.description)
                }
                for (field, value) in context.fieldsSet {
                    fields[field] = Self.merge(fields[field], value, field: field)
                    if case .object(var members) = record {
                        members[field] = Self.merge(members[field], value, field: field)
                        record = .object(members)
                    }
                }
            }
        }
        return fields
    }

    /// `custom_fields` merge member by member, as a PATCH does; other fields are replaced.
    private static func merge(_ old: JSONValue?, _ new: JSONValue, field: String) -> JSONValue {
        guard field == "custom_fields", case .object(var members)? = old, case .object(let added) = new else { return new }
        members.merge(added) { _, new in new }
        return .object(members)
    }

}
