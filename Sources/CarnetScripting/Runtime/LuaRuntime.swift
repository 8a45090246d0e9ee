import CarnetCore

/// Carnet's Lua runtime: the host functions offered to scripts, the clock they read,
/// and the watchdog that stops runs over budget. One per server.
///
/// ```swift
/// let runtime = LuaRuntime(clock: clock)
/// try runtime.registerFunction(path: "crm.log.info") { arguments in
///     logger.info("\(try arguments.string(argument: 1))")
///     return []
/// }
/// let sandbox = runtime.makeSandbox(identity: ScriptIdentity(pluginID: "gate", version: "1.0.0"))
/// let chunk = try sandbox.load(source, chunkName: "main.lua")
/// let result = try sandbox.run(chunk, function: "before_stage_change", arguments: [event], budget: .beforeHook)
/// ```
///
/// Register the host functions before making sandboxes: a sandbox sees the functions
/// registered when it was made.
public final class LuaRuntime: Sendable {
    let clock: any CarnetClock
    let watchdog: LuaWatchdog
    private let registry = HostFunctionRegistry()

    /// - Parameter watchdogTick: how often the watchdog checks active runs; a run stops
    ///   at most about one tick after its budget is spent.
    public init(clock: any CarnetClock = SystemClock(), watchdogTick: Duration = .milliseconds(2)) {
        self.clock = clock
        watchdog = LuaWatchdog(tick: watchdogTick)
    }

    deinit {
        watchdog.stop()
    }

    /// Offers a Swift function to scripts at `path` (e.g. `crm.deals.get`).
    ///
    /// Arguments arrive converted (see ``LuaValue``); the handler checks their types
    /// with ``Swift/Array/string(argument:)`` and friends. A script whose plugin lacks
    /// `permission` gets an error instead of a call.
    public func registerFunction(
        path: String, permission: String? = nil,
        handler: @escaping @Sendable ([LuaValue]) throws -> [LuaValue]
    ) throws(HostFunctionRegistrationError) {
        try registry.register(HostFunction(path: path, permission: permission) { call in try handler(call.arguments) })
    }

    /// Offers a Swift function whose handler receives the whole ``HostCall``: the
    /// plugin's identity and the run's context besides the arguments.
    public func register(_ function: HostFunction) throws(HostFunctionRegistrationError) {
        try registry.register(function)
    }

    /// The registered function at `path`, if any.
    func function(_ path: String) -> HostFunction? {
        registry.snapshot().first { $0.path == path }
    }

    /// A new sandboxed Lua state for one plugin version; scripts read `settings` as
    /// `crm.settings`, a read-only table.
    public func makeSandbox(identity: ScriptIdentity, settings: [String: LuaValue] = [:]) -> LuaSandbox {
        LuaSandbox(runtime: self, identity: identity, functions: registry.snapshot(), settings: settings)
    }
}
