extension PluginManifest {
    /// The manifest written as `plugin.toml`; parsing it gives this manifest back.
    public var toml: String {
        let q = PluginManifestReader.quoted
        let k = PluginManifestReader.quotedKey
        var lines = [
            "id = \(q(id))",
            "version = \(q(version))",
            "description = \(q(description))",
            "api = \(q(api))",
            "permissions = [\(permissions.map { q($0.rawValue) }.joined(separator: ", "))]",
        ]
        if !hooks.isEmpty {
            lines += ["", "[hooks]"] + hooks.map { "\(k($0.event.description)) = \(q($0.function))" }
        }
        for job in jobs {
            lines += ["", "[[jobs]]", "schedule = \(q(job.schedule.description))", "function = \(q(job.function))"]
        }
        for action in actions {
            lines += ["", "[[actions]]", "name = \(q(action.name))", "function = \(q(action.function))", "label = \(q(action.label))"]
            if let labelFR = action.labelFR { lines.append("label_fr = \(q(labelFR))") }
            lines.append("where = \(q(action.place.rawValue))")
        }
        for setting in settings {
            lines += ["", "[settings.\(k(setting.name))]", "type = \(q(setting.kind.rawValue))",
                      "default = \(Self.tomlLiteral(setting.defaultValue))", "description = \(q(setting.description))"]
        }
        if !budgets.isEmpty {
            lines += ["", "[budgets]"]
            if let cpu = budgets.cpuTime { lines.append("cpu_ms = \(cpu.nanoseconds / 1_000_000)") }
            if let wall = budgets.wallTime { lines.append("wall_ms = \(wall.nanoseconds / 1_000_000)") }
            if let memory = budgets.memory { lines.append("memory_mb = \(memory >> 20)") }
            if let calls = budgets.hostCalls { lines.append("host_calls = \(calls)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func tomlLiteral(_ value: LuaValue) -> String {
        switch value {
        case .string(let text): return PluginManifestReader.quoted(text)
        case .integer(let number): return "\(number)"
        case .number(let number):
            if number.isNaN { return "nan" }
            if number.isInfinite { return number < 0 ? "-inf" : "inf" }
            return "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .nil, .array, .object: return "\"\""
        }
    }
}
