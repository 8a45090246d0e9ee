/// The plugin version a Lua state belongs to, and the permissions its manifest grants.
public struct ScriptIdentity: Sendable, Hashable {
    public var pluginID: String
    public var version: String
    /// E.g. `read:contacts`, `write:deals`; host functions that need another are refused.
    public var permissions: Set<String>

    public init(pluginID: String, version: String, permissions: Set<String> = []) {
        self.pluginID = pluginID
        self.version = version
        self.permissions = permissions
    }
}
