/// The manifest's optional `[budgets]` table: per-plugin limits that replace the
/// defaults of ``ScriptBudget`` for its runs. Each must be positive and no more than
/// the administrator's maximum, which the manifest is checked against.
public struct PluginBudgetOverrides: Sendable, Hashable {
    /// `cpu_ms`
    public var cpuTime: Duration?
    /// `wall_ms`
    public var wallTime: Duration?
    /// `memory_mb`, in bytes.
    public var memory: Int?
    /// `host_calls`
    public var hostCalls: Int?

    public init(cpuTime: Duration? = nil, wallTime: Duration? = nil, memory: Int? = nil, hostCalls: Int? = nil) {
        self.cpuTime = cpuTime
        self.wallTime = wallTime
        self.memory = memory
        self.hostCalls = hostCalls
    }

    /// Whether no limit is overridden.
    public var isEmpty: Bool { cpuTime == nil && wallTime == nil && memory == nil && hostCalls == nil }

    /// `base` with the overridden limits replaced.
    public func applied(to base: ScriptBudget) -> ScriptBudget {
        ScriptBudget(cpuTime: cpuTime ?? base.cpuTime, wallTime: wallTime ?? base.wallTime,
                     memory: memory ?? base.memory, hostCalls: hostCalls ?? base.hostCalls)
    }
}
