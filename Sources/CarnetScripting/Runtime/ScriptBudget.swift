/// The limits of one run: CPU time, wall time, memory and host calls.
///
/// CPU time is the script's own work, read from the running thread's CPU clock (on a
/// system without per-thread CPU clocks it is measured as wall time, which is never
/// less, so runs stop early rather than late). Wall time also counts waiting: host
/// calls that wait for the database, and a thread that the machine did not schedule;
/// it bounds how long a run may hold a transaction. Memory covers the whole Lua state
/// of the plugin, not only what the run allocated. Host calls count calls of the
/// functions under `crm`.
///
/// Budgets are checked every watchdog tick (2 ms by default) between Lua instructions:
/// a single library call runs to its end, and the sandbox bounds the library calls that
/// could otherwise run long (pattern matching, `string.rep`, table shifts and moves).
/// A limit of zero means none.
public struct ScriptBudget: Sendable, Hashable {
    /// A limit of a run, as reported when it is exceeded.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case cpuTime = "CPU time"
        case wallTime = "wall time"
        case memory = "memory"
        case hostCalls = "host call"
    }

    public var cpuTime: Duration
    public var wallTime: Duration
    /// Bytes the Lua state may hold.
    public var memory: Int
    public var hostCalls: Int

    public init(cpuTime: Duration, wallTime: Duration, memory: Int, hostCalls: Int) {
        self.cpuTime = cpuTime
        self.wallTime = wallTime
        self.memory = memory
        self.hostCalls = hostCalls
    }

    /// A before-hook runs inside the change's transaction: 50 ms of CPU, 100 ms in all,
    /// 16 MiB, 10,000 host calls.
    public static let beforeHook = ScriptBudget(
        cpuTime: .milliseconds(50), wallTime: .milliseconds(100), memory: 16 << 20, hostCalls: 10_000)

    /// A job or an action runs in its own transaction: 5 s of CPU, 30 s in all, 64 MiB,
    /// 1,000,000 host calls.
    public static let job = ScriptBudget(
        cpuTime: .seconds(5), wallTime: .seconds(30), memory: 64 << 20, hostCalls: 1_000_000)
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
