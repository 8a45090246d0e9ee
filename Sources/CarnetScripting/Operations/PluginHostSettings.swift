import Foundation

/// The `[plugins]` section of the configuration.
public struct PluginHostSettings: Sendable {
    /// The folder holding one folder per plugin.
    public var directory: URL
    /// The plugins recorded as enabled the first time the server starts on a database.
    public var enabledAtFirstStart: [String]
    /// How many days the runs log keeps.
    public var keepRunsDays: Int
    /// The most any plugin's `[budgets]` may ask for.
    public var maximumBudget: ScriptBudget
    /// Values the administrator sets, by plugin id then setting name.
    public var settings: [String: [String: LuaValue]]
    /// How often the host reads the plugins' states and files.
    public var refreshInterval: Duration

    public init(directory: URL = URL(fileURLWithPath: "plugins", isDirectory: true), enabledAtFirstStart: [String] = [], keepRunsDays: Int = 14,
                maximumBudget: ScriptBudget = .job, settings: [String: [String: LuaValue]] = [:], refreshInterval: Duration = .seconds(2)) {
        self.directory = directory
        self.enabledAtFirstStart = enabledAtFirstStart
        self.keepRunsDays = keepRunsDays
        self.maximumBudget = maximumBudget
        self.settings = settings
        self.refreshInterval = refreshInterval
    }
}
