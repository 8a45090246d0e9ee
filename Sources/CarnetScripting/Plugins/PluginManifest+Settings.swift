extension PluginManifest {
    /// The values scripts read as `crm.settings`: each setting's default, replaced by what the
    /// administrator set in `[plugins.settings."<id>"]`.
    ///
    /// Throws a problem naming the setting when the administrator set one the plugin does not
    /// declare, or gave a value of another type (an integer is accepted for a number).
    public func settingValues(overrides: [String: LuaValue]) throws(PluginCheckError) -> [String: LuaValue] {
        var values: [String: LuaValue] = [:]
        var problems: [String] = []
        for setting in settings { values[setting.name] = setting.defaultValue }
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let setting = settings.first(where: { $0.name == name }) else {
                problems.append("[plugins.settings.\"\(id)\"] \(name): the plugin has no such setting (it has: \(settings.map(\.name).joined(separator: ", ")))")
                continue
            }
            switch (setting.kind, value) {
            case (.string, .string), (.integer, .integer), (.number, .number), (.boolean, .bool):
                values[name] = value
            case (.number, .integer(let whole)):
                values[name] = .number(Double(whole))
            default:
                problems.append("[plugins.settings.\"\(id)\"] \(name): must be a \(setting.kind.rawValue), got \(value.typeName)")
            }
        }
        if !problems.isEmpty { throw PluginCheckError(pluginID: id, problems: problems) }
        return values
    }
}
