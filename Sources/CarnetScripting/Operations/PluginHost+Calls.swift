import CarnetCore
import CarnetStore

extension PluginHost: PluginFunctionCalls {
    /// Runs `function` of the running plugin `id` with `argument` as a module asks (a capture
    /// rule's `assign(lead)`): in the caller's transaction, with the before-hook budget and
    /// the plugin's permissions, recorded among its runs as a hook on `call:<function>`.
    /// A 404 when the plugin does not run; a failed run is a `plugin-failed` error.
    public func call(plugin id: String, function: String, argument: JSONValue, actor: Actor, _ conn: any SQLConnection) throws -> JSONValue {
        guard let plugin = active(id) else { throw CarnetError.notFound(entity: "running plugin", id: id) }
        let context = PluginRunContext(conn: conn, host: self, phase: .before, allowsFieldChanges: false, actor: .plugin(id: id, after: actor))
        let result = execute(plugin, kind: .hook, target: "call:\(function)", function: function, arguments: [LuaValue(argument)],
                             budget: plugin.budget(before: true), eventID: nil, context: context)
        switch result {
        case .success(let values): return values.first?.json ?? .null
        case .failure(let error): throw CarnetError.pluginFailed(plugin: id, detail: error.description)
        }
    }
}
