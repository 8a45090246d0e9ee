/// Which budget a run exceeded, how much it used and what the limit was.
public struct BudgetOverrun: Sendable, Hashable, CustomStringConvertible {
    public var budget: ScriptBudget.Kind
    /// Nanoseconds for times, bytes for memory, calls for host calls.
    public var used: Int64
    public var limit: Int64
    /// For memory: the allocation the cap refused, in bytes.
    public var refusedAllocation: Int64?

    public init(budget: ScriptBudget.Kind, used: Int64, limit: Int64, refusedAllocation: Int64? = nil) {
        self.budget = budget
        self.used = used
        self.limit = limit
        self.refusedAllocation = refusedAllocation
    }

    /// E.g. "CPU time budget exceeded: used 51.2 ms of 50 ms".
    public var description: String {
        switch budget {
        case .cpuTime, .wallTime:
            return "\(budget.rawValue) budget exceeded: used \(Self.milliseconds(used)) of \(Self.milliseconds(limit))"
        case .memory:
            let refused = refusedAllocation.map { ", refused an allocation of \(Self.bytes($0))" } ?? ""
            return "memory budget exceeded: \(Self.bytes(used)) in use\(refused), limit \(Self.bytes(limit))"
        case .hostCalls:
            return "host call budget exceeded: \(used) calls, limit \(limit)"
        }
    }

    private static func milliseconds(_ nanoseconds: Int64) -> String {
        let tenths = (nanoseconds + 50_000) / 100_000
        return tenths % 10 == 0 ? "\(tenths / 10) ms" : "\(tenths / 10).\(tenths % 10) ms"
    }

    private static func bytes(_ count: Int64) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(count)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(count) bytes" }
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0
            ? "\(Int(tenths / 10)) \(units[unit])" : "\(tenths / 10) \(units[unit])"
    }
}
