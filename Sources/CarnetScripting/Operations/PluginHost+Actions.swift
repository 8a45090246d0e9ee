import CarnetCore
import CarnetStore

extension PluginHost {
    /// Runs a plugin's action on a record for a user, in one transaction: the function gets
    /// the record and `input`, acts as the user (their role still applies, and the plugin's
    /// permissions on top) and its return value is the result.
    public func runAction(plugin id: String, action name: String, targetID: String, input: JSONValue, actor: Actor) async throws -> JSONValue {
        try actor.require(.write)
        _ = try action(plugin: id, name: name)
        return try await services.database.write { [self] conn in
            try runAction(plugin: id, action: name, targetID: targetID, input: input, actor: actor, conn)
        }
    }

    /// Runs an action as ``runAction(plugin:action:targetID:input:actor:)`` does, in the
    /// caller's transaction.
    func runAction(plugin id: String, action name: String, targetID: String, input: JSONValue, actor: Actor, _ conn: any SQLConnection) throws -> JSONValue {
        let (plugin, action) = try action(plugin: id, name: name)
        let record: LuaValue = switch action.place {
        case .contact: try CRMValues.record(services.contacts.get(targetID, conn))
        case .deal: try CRMValues.record(services.deals.get(targetID, conn))
        case .company: try CRMValues.record(services.companies.get(targetID, conn))
        }
        let context = PluginRunContext(conn: conn, host: self, phase: .action, actor: .onBehalf(user: actor, plugin: id))
        let result = execute(plugin, kind: .action, target: name, function: action.function, arguments: [record, LuaValue(input)],
                             budget: plugin.budget(before: false), eventID: nil, context: context)
        switch result {
        case .success(let values): return values.first?.json ?? .null
        case .failure(let error): throw CarnetError.pluginFailed(plugin: id, detail: error.description)
        }
    }

    /// The running plugin and its action; 404 naming which is missing.
    private func action(plugin id: String, name: String) throws -> (ActivePlugin, PluginAction) {
        guard let plugin = active(id) else { throw CarnetError.notFound(entity: "running plugin", id: id) }
        guard let action = plugin.manifest.actions.first(where: { $0.name == name }) else {
            throw CarnetError.notFound(entity: "action of the plugin \(id)", id: name)
        }
        return (plugin, action)
    }
}
