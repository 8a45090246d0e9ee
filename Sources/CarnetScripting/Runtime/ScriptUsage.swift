/// What one run used, for the run record and for budget errors.
public struct ScriptUsage: Sendable, Hashable {
    /// The thread's CPU time; for a run the watchdog never saw (shorter than a tick), its
    /// wall time, an upper bound: reading a thread's CPU clock is a system call, which short
    /// runs are spared.
    public var cpuTime: Duration
    public var wallTime: Duration
    /// The most bytes the Lua state held during the run.
    public var memoryPeak: Int
    public var hostCalls: Int

    public init(cpuTime: Duration, wallTime: Duration, memoryPeak: Int, hostCalls: Int) {
        self.cpuTime = cpuTime
        self.wallTime = wallTime
        self.memoryPeak = memoryPeak
        self.hostCalls = hostCalls
    }
}
