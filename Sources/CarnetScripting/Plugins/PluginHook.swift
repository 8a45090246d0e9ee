/// One entry of the manifest's `[hooks]` table: the Lua function that handles an event.
public struct PluginHook: Sendable, Hashable {
    public var event: PluginHookEvent
    /// A global function defined by `main.lua`.
    public var function: String

    public init(event: PluginHookEvent, function: String) {
        self.event = event
        self.function = function
    }
}
