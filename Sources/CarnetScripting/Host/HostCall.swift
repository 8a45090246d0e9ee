/// One call of a host function from a script.
public struct HostCall {
    /// The function's path, e.g. `crm.deals.get`.
    public let path: String
    public let arguments: [LuaValue]
    /// The plugin version whose script made the call.
    public let identity: ScriptIdentity
    /// The value given to `LuaSandbox.run(…, context:)`, e.g. the transaction a
    /// before-hook runs in. It is only used on the run's thread, so it need not be Sendable.
    public let context: Any?
}
