/// One `[[jobs]]` entry: a Lua function run on a schedule, with a job's budget.
public struct PluginJob: Sendable, Hashable {
    public var schedule: PluginSchedule
    /// A global function defined by `main.lua`.
    public var function: String

    public init(schedule: PluginSchedule, function: String) {
        self.schedule = schedule
        self.function = function
    }
}
