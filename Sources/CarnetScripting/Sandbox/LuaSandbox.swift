import CLua
import CLuaShim
import Synchronization

/// One sandboxed Lua state for one plugin version: it loads the plugin's chunks, then
/// runs them one run at a time, each in a fresh `_ENV` and under its own budget.
///
/// A run executes on the calling thread and blocks it until the script returns or is
/// stopped: call it from a dedicated thread (a ``LuaExecutor``, the database writer's
/// thread), never from the Swift concurrency pool or a NIO event loop. One run at a
/// time per sandbox; a second concurrent run is a programming error and traps.
///
/// After a budget overrun the state is discarded (closed at once): further calls throw
/// ``ScriptError/Kind-swift.enum/discarded`` and the owner makes a new sandbox.
public final class LuaSandbox: @unchecked Sendable {
    public let identity: ScriptIdentity
    let runtime: LuaRuntime
    let functions: [HostFunction]
    /// `crm.settings`: the plugin's settings, frozen with the rest of `crm`.
    let settings: [String: LuaValue]
    /// Nil once discarded.
    private(set) var state: OpaquePointer?
    private var environmentMetatable: Int32 = 0
    private let busy = Atomic<Bool>(false)
    private let discarded = Atomic<Bool>(false)
    /// The run in progress, for host calls.
    var currentRun: RunContext?

    /// What host calls need to know about the run in progress.
    struct RunContext {
        let context: Any?
    }

    init(runtime: LuaRuntime, identity: ScriptIdentity, functions: [HostFunction], settings: [String: LuaValue]) {
        self.runtime = runtime
        self.identity = identity
        self.functions = functions
        self.settings = settings
        let callback: carnet_host_callback = { context, L, functionID in
            let sandbox = Unmanaged<LuaSandbox>.fromOpaque(context!).takeUnretainedValue()
            return sandbox.hostCall(L!, functionID: functionID)
        }
        guard let state = carnet_state_new(callback, Unmanaged.passUnretained(self).toOpaque()) else {
            fatalError("Lua could not allocate a new state")
        }
        self.state = state
        environmentMetatable = buildEnvironment(state)
    }

    deinit {
        if let state { carnet_state_close(state) }
    }

    /// Whether a budget overrun discarded the state.
    public var isDiscarded: Bool { discarded.load(ordering: .acquiring) }

    /// Compiles a chunk of Lua source text. Bytecode is refused.
    ///
    /// - Parameter memoryLimit: bytes the whole state may hold while compiling.
    public func load(_ source: String, chunkName: String, memoryLimit: Int = ScriptBudget.job.memory) throws(ScriptError) -> LuaChunk {
        try enter(chunk: chunkName)
        defer { leave() }
        let state = self.state!
        let L = carnet_state_lua(state)!
        if source.utf8.first == 0x1B {
            throw error(.bytecode, chunk: chunkName, message: "\(chunkName) is precompiled Lua bytecode; plugins are loaded from Lua source text only")
        }
        var source = source
        let status = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                carnet_load_text(state, $0.baseAddress, $0.count, "@" + chunkName, memoryLimit)
            }
        }
        guard status == LUA_OK else {
            let message = errorMessage(L)
            carnet_lua_pop(L, 1)
            if status == LUA_ERRMEM {
                let overrun = BudgetOverrun(budget: .memory, used: Int64(carnet_state_memory(state)), limit: Int64(memoryLimit))
                throw error(.budget(overrun), chunk: chunkName, message: "\(chunkName) does not fit in memory while compiling: \(overrun)")
            }
            throw error(.syntax, chunk: chunkName, location: SourceLocation(messagePrefix: message), message: message)
        }
        let reference = luaL_ref(L, carnet_lua_registryindex())
        return LuaChunk(name: chunkName, reference: reference, sandbox: ObjectIdentifier(self))
    }

    /// Runs a chunk in a fresh `_ENV`, then, if `function` is given, calls that global
    /// function with `arguments`; returns what the chunk (or the function) returned.
    ///
    /// - Parameter context: handed to host functions as ``HostCall/context`` (e.g. the
    ///   transaction of a before-hook); it stays on this thread.
    public func run(
        _ chunk: LuaChunk, function: String? = nil, arguments: [any LuaArgument] = [],
        budget: ScriptBudget, context: Any? = nil
    ) throws(ScriptError) -> LuaRunResult {
        try execute(chunk, function: function, arguments: arguments, budget: budget, context: context, inspecting: nil)
    }

    /// Runs a chunk in a fresh `_ENV`, then reports the Lua type of each of `globals`
    /// it defined (`"function"`, `"nil"`, ...), in order, as strings. The plugin loader
    /// uses it to check that a plugin defines the functions its manifest names without
    /// calling them.
    public func globalTypes(
        _ chunk: LuaChunk, globals: [String], budget: ScriptBudget
    ) throws(ScriptError) -> [String] {
        let result = try execute(chunk, function: nil, arguments: [], budget: budget, context: nil, inspecting: globals)
        return result.values.map { if case .string(let type) = $0 { type } else { "nil" } }
    }

    private func execute(
        _ chunk: LuaChunk, function: String?, arguments: [any LuaArgument],
        budget: ScriptBudget, context: Any?, inspecting: [String]?
    ) throws(ScriptError) -> LuaRunResult {
        precondition(chunk.sandbox == ObjectIdentifier(self), "the chunk \(chunk.name) was loaded into another sandbox")
        try enter(chunk: chunk.name)
        defer { leave() }
        let state = self.state!
        let L = carnet_state_lua(state)!
        let top = lua_gettop(L)
        guard lua_checkstack(L, Int32(clamping: arguments.count + (inspecting?.count ?? 0)) + 8) != 0 else {
            throw error(.runtime, chunk: chunk.name, message: "too many arguments (\(arguments.count)) for one call")
        }

        let environment = top + 1
        pushFreshEnvironment(L)
        lua_rawgeti(L, carnet_lua_registryindex(), lua_Integer(chunk.reference))
        lua_pushvalue(L, environment)
        _ = lua_setupvalue(L, -2, 1)

        currentRun = RunContext(context: context)
        carnet_run_begin(state, budget.wallTime.nanoseconds, budget.cpuTime.nanoseconds,
                         max(0, budget.memory), Int64(budget.hostCalls))
        runtime.watchdog.watch(state)
        var status = carnet_run_pcall(state, 0, function == nil ? LUA_MULTRET : 0)
        var failure: (ScriptError.Kind, String)?
        if status == LUA_OK, let function {
            LuaValue.push(function, onto: L)
            if lua_rawget(L, environment) != LUA_TFUNCTION {
                failure = (.missingFunction(function), "\(chunk.name) does not define a function \(function)")
            } else if !arguments.allSatisfy({ $0.push(onto: L) }) {
                failure = (.runtime, "the arguments nest too deeply to be passed to Lua")
            } else {
                status = carnet_run_pcall(state, Int32(arguments.count), LUA_MULTRET)
            }
        }
        runtime.watchdog.unwatch(state)
        carnet_run_end(state)
        currentRun = nil
        if status == LUA_OK, let inspecting {
            // After carnet_run_end, so these few pushes are not under the memory cap.
            lua_settop(L, environment)
            for name in inspecting {
                LuaValue.push(name, onto: L)
                let type = lua_rawget(L, environment)
                carnet_lua_pop(L, 1)
                LuaValue.push(String(cString: lua_typename(L, type)), onto: L)
            }
        }
        let usage = usageOfLastRun(state)

        let outcome: Result<[LuaValue], ScriptError>
        if let overrun = overrun(state, budget: budget) {
            let location = carnet_run_stop_location(state).flatMap { SourceLocation(String(cString: $0)) }
                ?? carnet_run_error_location(state).flatMap { SourceLocation(String(cString: $0)) }
            outcome = .failure(error(.budget(overrun), chunk: chunk.name, location: location, message: overrun.description, usage: usage))
        } else if status != LUA_OK {
            let location = carnet_run_error_location(state).flatMap { SourceLocation(String(cString: $0)) }
            outcome = .failure(error(.runtime, chunk: chunk.name, location: location, message: errorMessage(L), usage: usage))
        } else if let (kind, message) = failure {
            outcome = .failure(error(kind, chunk: chunk.name, message: message, usage: usage))
        } else {
            outcome = results(L, after: environment, chunk: chunk.name, usage: usage)
        }
        lua_settop(L, top)
        clearEnvironment(L, chunk: chunk)
        if outcome.failure?.overrun != nil { discard() }
        return try LuaRunResult(values: outcome.get(), usage: usage)
    }

    // MARK: - Run helpers

    private func enter(chunk: String) throws(ScriptError) {
        precondition(!busy.exchange(true, ordering: .acquiring), "a LuaSandbox runs one script at a time")
        if state == nil {
            busy.store(false, ordering: .releasing)
            throw error(.discarded, chunk: chunk, message: "the Lua state of \(identity.pluginID) \(identity.version) was discarded after a budget overrun")
        }
    }

    private func leave() {
        busy.store(false, ordering: .releasing)
    }

    /// A new, empty `_ENV` whose misses go to the frozen base; `_G` is the table itself.
    private func pushFreshEnvironment(_ L: OpaquePointer) {
        lua_createtable(L, 0, 4)
        lua_rawgeti(L, carnet_lua_registryindex(), lua_Integer(environmentMetatable))
        _ = lua_setmetatable(L, -2)
        LuaValue.push("_G", onto: L)
        lua_pushvalue(L, -2)
        lua_rawset(L, -3)
    }

    /// Drops the chunk's reference to the last run's `_ENV`, so it can be collected.
    private func clearEnvironment(_ L: OpaquePointer, chunk: LuaChunk) {
        lua_rawgeti(L, carnet_lua_registryindex(), lua_Integer(chunk.reference))
        lua_pushnil(L)
        _ = lua_setupvalue(L, -2, 1)
        carnet_lua_pop(L, 1)
    }

    /// The values above `environment`, converted.
    private func results(_ L: OpaquePointer, after environment: Int32, chunk: String, usage: ScriptUsage) -> Result<[LuaValue], ScriptError> {
        var values: [LuaValue] = []
        var position: Int32 = 1
        while environment + position <= lua_gettop(L) {
            do {
                values.append(try LuaValue.read(L, at: environment + position))
            } catch {
                return .failure(self.error(.unsupportedResult, chunk: chunk, message: error.described(as: "result \(position)"), usage: usage))
            }
            position += 1
        }
        return .success(values)
    }

    private func usageOfLastRun(_ state: OpaquePointer) -> ScriptUsage {
        let usage = carnet_run_usage_of(state)
        return ScriptUsage(cpuTime: .nanoseconds(usage.cpu_ns), wallTime: .nanoseconds(usage.wall_ns),
                           memoryPeak: Int(usage.memory_peak), hostCalls: Int(usage.host_calls))
    }

    /// The budget the run exceeded, if the watchdog or the shim tripped one.
    private func overrun(_ state: OpaquePointer, budget: ScriptBudget) -> BudgetOverrun? {
        let usage = carnet_run_usage_of(state)
        switch carnet_run_tripped(state) {
        case CARNET_BUDGET_CPU:
            return BudgetOverrun(budget: .cpuTime, used: usage.cpu_ns, limit: budget.cpuTime.nanoseconds)
        case CARNET_BUDGET_WALL:
            return BudgetOverrun(budget: .wallTime, used: usage.wall_ns, limit: budget.wallTime.nanoseconds)
        case CARNET_BUDGET_MEMORY:
            return BudgetOverrun(budget: .memory, used: Int64(usage.memory_peak), limit: Int64(budget.memory),
                                 refusedAllocation: usage.memory_refused > 0 ? Int64(usage.memory_refused) : nil)
        case CARNET_BUDGET_HOST_CALLS:
            return BudgetOverrun(budget: .hostCalls, used: usage.host_calls, limit: Int64(budget.hostCalls))
        default:
            return nil
        }
    }

    /// The error object on top of the stack as text: strings as they are, numbers
    /// written out, anything else by its type. Never `__tostring`: that would run
    /// plugin code after the run, outside every budget.
    func errorMessage(_ L: OpaquePointer) -> String {
        switch lua_type(L, -1) {
        case LUA_TSTRING, LUA_TNUMBER:
            var length = 0
            let bytes = lua_tolstring(L, -1, &length)!
            return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
        case let type:
            return "(error object is a \(String(cString: lua_typename(L, type))) value)"
        }
    }

    private func discard() {
        guard let state else { return }
        self.state = nil
        carnet_state_close(state)
        discarded.store(true, ordering: .releasing)
    }

    private func error(_ kind: ScriptError.Kind, chunk: String, location: SourceLocation? = nil,
                       message: String, usage: ScriptUsage? = nil) -> ScriptError {
        ScriptError(kind: kind, pluginID: identity.pluginID, version: identity.version, chunk: chunk,
                    location: location, message: message, usage: usage)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let failure) = self { failure } else { nil }
    }
}
