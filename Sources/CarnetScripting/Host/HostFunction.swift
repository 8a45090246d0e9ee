/// A Swift function that scripts call under the `crm` table, e.g. `crm.deals.get`.
///
/// The handler runs synchronously on the run's thread, inside the run's budgets (its
/// CPU time counts, and a handler that waits counts as wall time). It may throw: the
/// error becomes a Lua error raised from C, which the script may catch with `pcall`.
public struct HostFunction: Sendable {
    /// Dotted path under `crm`, e.g. `crm.log.info`.
    public let path: String
    /// The permission a plugin must declare to call it, e.g. `write:deals`; nil for none.
    public let permission: String?
    let handler: @Sendable (HostCall) throws -> [LuaValue]

    /// A function whose handler also needs to know who calls it and in which run:
    /// the plugin's identity and the run's context (register it with
    /// ``LuaRuntime/register(_:)``).
    public init(path: String, permission: String? = nil, handler: @escaping @Sendable (HostCall) throws -> [LuaValue]) {
        self.path = path
        self.permission = permission
        self.handler = handler
    }
}
