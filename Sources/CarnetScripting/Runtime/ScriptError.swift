/// Why a plugin's chunk did not load or a run did not finish, with what an integrator
/// needs to find it: plugin, version, chunk, line, and for budgets which one and how much.
public struct ScriptError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The chunk does not compile.
        case syntax
        /// The chunk is precompiled bytecode; plugins load from source text only.
        case bytecode
        /// The script raised an error (itself, or through a host function) and did not catch it.
        case runtime
        /// The run exceeded a budget and was stopped; its state was discarded.
        case budget(BudgetOverrun)
        /// The chunk does not define the function the host asked to run.
        case missingFunction(String)
        /// The run returned a value that cannot cross into Swift (a function, a sparse table).
        case unsupportedResult
        /// The state was discarded after a budget overrun; the pool must create another.
        case discarded
    }

    public var kind: Kind
    public var pluginID: String
    public var version: String
    /// The chunk's name, e.g. `main.lua`.
    public var chunk: String
    /// Where the error was raised or the run was stopped, when Lua knows.
    public var location: SourceLocation?
    /// Lua's message (runtime and syntax errors keep Lua's "file:line:" prefix), or the
    /// host's explanation.
    public var message: String
    /// What the run used; nil for load errors.
    public var usage: ScriptUsage?

    public init(kind: Kind, pluginID: String, version: String, chunk: String,
                location: SourceLocation? = nil, message: String, usage: ScriptUsage? = nil) {
        self.kind = kind
        self.pluginID = pluginID
        self.version = version
        self.chunk = chunk
        self.location = location
        self.message = message
        self.usage = usage
    }

    /// Which budget was exceeded, if that is why the run stopped.
    public var overrun: BudgetOverrun? {
        if case .budget(let overrun) = kind { overrun } else { nil }
    }

    /// E.g. "plugin big-deal-alert 1.2.0, main.lua:14: CPU time budget exceeded: used 51.2 ms of 50 ms".
    public var description: String {
        let place = location.map(\.description) ?? chunk
        let text = message.hasPrefix(place + ":") ? String(message.dropFirst(place.count + 1)).drop(while: { $0 == " " }).description : message
        return "plugin \(pluginID) \(version), \(place): \(text)"
    }
}
