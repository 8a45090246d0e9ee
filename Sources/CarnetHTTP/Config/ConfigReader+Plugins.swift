import CarnetScripting
import Foundation
import TOMLKit

extension ConfigReader {
    /// `[plugins]`: the plugin folder, the plugins enabled at first start, how long runs are
    /// kept, the administrator's maximum budget, and `[plugins.settings."<id>"]` values.
    func plugins() throws(ConfigError) -> PluginHostSettings {
        var settings = PluginHostSettings()
        if let directory = try string("plugins.directory") { settings.directory = URL(fileURLWithPath: directory, isDirectory: true) }
        settings.enabledAtFirstStart = try strings("plugins.enabled") ?? []
        for id in settings.enabledAtFirstStart where !PluginManifest.isValidID(id) {
            throw fail("plugins.enabled", "\(id) is not a plugin id (lower-case letters, digits and -, starting with a letter)")
        }
        settings.keepRunsDays = try int("plugins.keep_runs_days", in: 1...3650) ?? settings.keepRunsDays
        var maximum = settings.maximumBudget
        if let ms = try int("plugins.max_cpu_ms", in: 1...600_000) { maximum.cpuTime = .milliseconds(ms) }
        if let ms = try int("plugins.max_wall_ms", in: 1...600_000) { maximum.wallTime = .milliseconds(ms) }
        if let mb = try int("plugins.max_memory_mb", in: 1...4096) { maximum.memory = mb << 20 }
        if let calls = try int("plugins.max_host_calls", in: 1...100_000_000) { maximum.hostCalls = calls }
        settings.maximumBudget = maximum
        if let value = value("plugins.settings") {
            guard let table = value.table else { throw fail("plugins.settings", "must be tables like [plugins.settings.\"big-deal-alert\"]") }
            for (id, entry) in table {
                guard let values = entry.table else { throw fail("plugins.settings.\(id)", "must be a table of setting = value") }
                var converted: [String: LuaValue] = [:]
                for (name, value) in values {
                    if let bool = value.bool { converted[name] = .bool(bool) }
                    else if let int = value.int { converted[name] = .integer(Int64(int)) }
                    else if let double = value.double { converted[name] = .number(double) }
                    else if let string = value.string { converted[name] = .string(string) }
                    else { throw fail("plugins.settings.\(id).\(name)", "must be a string, an integer, a number or a boolean") }
                }
                settings.settings[id] = converted
            }
        }
        return settings
    }
}
