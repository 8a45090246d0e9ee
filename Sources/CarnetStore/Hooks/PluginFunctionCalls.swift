import CarnetCore

/// Named functions of the running plugins, for modules to call: a capture rule's
/// `assign(lead)`. The plugin host provides it; a process without one (a CLI command)
/// has none, and ``HookPoint/call(plugin:function:argument:actor:_:)`` says so.
public protocol PluginFunctionCalls: Sendable {
    /// Runs `function` of the running plugin `plugin` with `argument`, in the caller's
    /// transaction and within the before-hook budget; returns its first result.
    func call(plugin: String, function: String, argument: JSONValue, actor: Actor, _ conn: any SQLConnection) throws -> JSONValue
}
