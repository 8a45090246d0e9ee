import TOMLKit

/// Reads a ``PluginManifest`` from TOML, collecting every problem instead of stopping
/// at the first.
struct PluginManifestReader {
    let file: String
    let folderName: String?
    let maximumBudget: ScriptBudget
    private(set) var problems: [PluginManifestError] = []

    init(file: String, folderName: String?, maximumBudget: ScriptBudget) {
        self.file = file
        self.folderName = folderName
        self.maximumBudget = maximumBudget
    }

    static let topLevelKeys: Set<String> = [
        "id", "version", "description", "api", "permissions", "hooks", "jobs", "actions", "settings", "budgets",
    ]
    static let jobKeys: Set<String> = ["schedule", "function"]
    static let actionKeys: Set<String> = ["name", "function", "label", "label_fr", "where"]
    static let settingKeys: Set<String> = ["type", "default", "description"]
    static let budgetKeys: Set<String> = ["cpu_ms", "wall_ms", "memory_mb", "host_calls"]

    static let luaKeywords: Set<String> = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
        "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    ]

    /// A key as TOML writes it: bare when it can be, quoted otherwise.
    static func quotedKey(_ key: String) -> String {
        let bare = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        return bare ? key : quoted(key)
    }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Whether `name` can name a global Lua function.
    static func isLuaName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first), !luaKeywords.contains(name) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// Whether `version` is `x.y.z` with whole numbers and no leading zeros.
    static func isSemanticVersion(_ version: String) -> Bool {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 9 && part.allSatisfy { $0.isASCII && $0.isNumber } && (part == "0" || part.first != "0")
        }
    }

    private mutating func fail(_ key: String, _ reason: String) {
        problems.append(PluginManifestError(file: file, key: key, reason: reason))
    }

    private mutating func checkKeys(_ table: TOMLTable, known: Set<String>, at prefix: String) {
        for key in table.keys.sorted() where !known.contains(key) {
            fail(prefix + Self.quotedKey(key), "unknown key (known: \(known.sorted().joined(separator: ", ")))")
        }
    }

    private mutating func string(_ table: TOMLTable, _ key: String, at prefix: String, required: Bool = true) -> String? {
        guard let value = table[key] else {
            if required { fail(prefix + key, "is required") }
            return nil
        }
        guard let text = value.string else {
            fail(prefix + key, "must be a string in quotes")
            return nil
        }
        return text
    }

    private mutating func function(_ table: TOMLTable, _ key: String, at prefix: String) -> String? {
        guard let name = string(table, key, at: prefix) else { return nil }
        guard Self.isLuaName(name) else {
            fail(prefix + key, "\(Self.quoted(name)) is not a Lua function name (letters, digits and _, not starting with a digit)")
            return nil
        }
        return name
    }

    private mutating func tables(_ root: TOMLTable, _ key: String) -> [TOMLTable] {
        guard let value = root[key] else { return [] }
        guard let array = value.array else {
            fail(key, "must be [[\(key)]] blocks")
            return []
        }
        var tables: [TOMLTable] = []
        for (index, item) in array.enumerated() {
            guard let table = item.table else {
                fail("\(key)[\(index)]", "must be a table")
                continue
            }
            tables.append(table)
        }
        return tables
    }

    mutating func read(_ text: String) -> PluginManifest? {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            fail("line \(error.source.begin.line)", error.description)
            return nil
        } catch {
            fail("-", "\(error)")
            return nil
        }
        checkKeys(root, known: Self.topLevelKeys, at: "")

        let id = string(root, "id", at: "")
        if let id {
            if !PluginManifest.isValidID(id) {
                fail("id", "\(Self.quoted(id)) is not a plugin id (lower-case letters, digits and -, starting with a letter, at most 64)")
            } else if let folderName, id != folderName {
                fail("id", "\(Self.quoted(id)) must equal the plugin's folder name \(Self.quoted(folderName))")
            }
        }
        let version = string(root, "version", at: "")
        if let version, !Self.isSemanticVersion(version) {
            fail("version", "\(Self.quoted(version)) is not a semantic version x.y.z (e.g. \"1.0.0\")")
        }
        let description = string(root, "description", at: "")
        let api = string(root, "api", at: "")
        if let api, api != PluginManifest.apiVersion {
            fail("api", "this Carnet offers plugin API \(Self.quoted(PluginManifest.apiVersion)), not \(Self.quoted(api))")
        }

        let permissions = readPermissions(root)
        let hooks = readHooks(root)
        let jobs = readJobs(root)
        let actions = readActions(root)
        let settings = readSettings(root)
        let budgets = readBudgets(root)

        guard problems.isEmpty, let id, let version, let description, let api else { return nil }
        return PluginManifest(id: id, version: version, description: description, api: api, permissions: permissions,
                              hooks: hooks, jobs: jobs, actions: actions, settings: settings, budgets: budgets)
    }

    private mutating func readPermissions(_ root: TOMLTable) -> [PluginPermission] {
        guard let value = root["permissions"] else { return [] }
        guard let array = value.array else {
            fail("permissions", "must be a list like [\"read:contacts\", \"write:deals\"]")
            return []
        }
        var permissions: [PluginPermission] = []
        for (index, item) in array.enumerated() {
            guard let text = item.string else {
                fail("permissions[\(index)]", "must be a string")
                continue
            }
            guard let permission = PluginPermission(rawValue: text) else {
                fail("permissions[\(index)]", "unknown permission \(Self.quoted(text)) (known: \(PluginPermission.allCases.map(\.rawValue).sorted().joined(separator: ", ")))")
                continue
            }
            permissions.append(permission)
        }
        return permissions
    }

    private mutating func readHooks(_ root: TOMLTable) -> [PluginHook] {
        guard let value = root["hooks"] else { return [] }
        guard let table = value.table else {
            fail("hooks", "must be a [hooks] table of event = \"function\"")
            return []
        }
        var hooks: [PluginHook] = []
        for key in table.keys.sorted() {
            let at = "hooks.\(Self.quotedKey(key))"
            if table[key]?.table != nil {
                fail(at, "event names contain dots, so they must be quoted: \"\(key).created\" = \"function\" (known events: \(PluginHookEvent.coreEvents.joined(separator: ", ")))")
                continue
            }
            guard let event = PluginHookEvent(key: key) else {
                let event = key.hasPrefix(PluginHookEvent.beforePrefix) ? String(key.dropFirst(PluginHookEvent.beforePrefix.count)) : key
                if PluginHookEvent.coreEvents.contains(event) {
                    fail(at, "\(event) has no before phase (before: works with \(PluginHookEvent.beforeEvents.sorted().joined(separator: ", ")))")
                } else {
                    fail(at, "unknown event (known: \(PluginHookEvent.coreEvents.joined(separator: ", ")), each optionally prefixed with \"before:\")")
                }
                continue
            }
            guard let text = table[key]?.string else {
                fail(at, "must be the name of a function in quotes")
                continue
            }
            guard Self.isLuaName(text) else {
                fail(at, "\(Self.quoted(text)) is not a Lua function name (letters, digits and _, not starting with a digit)")
                continue
            }
            hooks.append(PluginHook(event: event, function: text))
        }
        return hooks
    }

    private mutating func readJobs(_ root: TOMLTable) -> [PluginJob] {
        var jobs: [PluginJob] = []
        for (index, table) in tables(root, "jobs").enumerated() {
            let at = "jobs[\(index)]."
            checkKeys(table, known: Self.jobKeys, at: at)
            let text = string(table, "schedule", at: at)
            var schedule: PluginSchedule?
            if let text {
                schedule = PluginSchedule(text)
                if schedule == nil {
                    fail(at + "schedule", "\(Self.quoted(text)) is not a schedule (\"every 15m\", \"every 1h\", \"every 1d\" or \"daily HH:MM\")")
                }
            }
            let function = function(table, "function", at: at)
            if let schedule, let function { jobs.append(PluginJob(schedule: schedule, function: function)) }
        }
        return jobs
    }

    private mutating func readActions(_ root: TOMLTable) -> [PluginAction] {
        var actions: [PluginAction] = []
        var names: Set<String> = []
        for (index, table) in tables(root, "actions").enumerated() {
            let at = "actions[\(index)]."
            checkKeys(table, known: Self.actionKeys, at: at)
            let name = string(table, "name", at: at)
            if let name {
                if !PluginManifest.isValidID(name.replacingOccurrences(of: "_", with: "-")) {
                    fail(at + "name", "\(Self.quoted(name)) is not an action name (lower-case letters, digits, - and _, starting with a letter)")
                } else if !names.insert(name).inserted {
                    fail(at + "name", "another action is already named \(Self.quoted(name))")
                }
            }
            let function = function(table, "function", at: at)
            let label = string(table, "label", at: at)
            let labelFR = string(table, "label_fr", at: at, required: false)
            var place: PluginAction.Place?
            if let text = string(table, "where", at: at) {
                place = PluginAction.Place(rawValue: text)
                if place == nil {
                    fail(at + "where", "\(Self.quoted(text)) is not a place (known: \(PluginAction.Place.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            if let name, let function, let label, let place {
                actions.append(PluginAction(name: name, function: function, label: label, labelFR: labelFR, place: place))
            }
        }
        return actions
    }

    private mutating func readSettings(_ root: TOMLTable) -> [PluginSetting] {
        guard let value = root["settings"] else { return [] }
        guard let table = value.table else {
            fail("settings", "must be [settings.<name>] tables")
            return []
        }
        var settings: [PluginSetting] = []
        for name in table.keys.sorted() {
            let at = "settings.\(Self.quotedKey(name))"
            guard let setting = table[name]?.table else {
                fail(at, "must be a [\(at)] table with type, default and description")
                continue
            }
            if !PluginManifest.isValidID(name.replacingOccurrences(of: "_", with: "-")) || name.contains("-") {
                fail(at, "\(Self.quoted(name)) is not a setting name (lower-case letters, digits and _, starting with a letter)")
            }
            checkKeys(setting, known: Self.settingKeys, at: at + ".")
            var kind: PluginSetting.Kind?
            if let text = string(setting, "type", at: at + ".") {
                kind = PluginSetting.Kind(rawValue: text)
                if kind == nil {
                    fail(at + ".type", "\(Self.quoted(text)) is not a setting type (known: \(PluginSetting.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            let description = string(setting, "description", at: at + ".", required: false) ?? ""
            guard let kind else { continue }
            guard let raw = setting["default"] else {
                fail(at + ".default", "is required")
                continue
            }
            let defaultValue: LuaValue?
            switch kind {
            case .string: defaultValue = raw.string.map(LuaValue.string)
            case .integer: defaultValue = raw.int.map { .integer(Int64($0)) }
            case .number: defaultValue = raw.double.map(LuaValue.number) ?? raw.int.map { .number(Double($0)) }
            case .boolean: defaultValue = raw.bool.map(LuaValue.bool)
            }
            guard let defaultValue else {
                fail(at + ".default", "must be of type \(kind.rawValue), as the setting's type says (got \(raw.type))")
                continue
            }
            settings.append(PluginSetting(name: name, kind: kind, defaultValue: defaultValue, description: description))
        }
        return settings
    }

    private mutating func readBudgets(_ root: TOMLTable) -> PluginBudgetOverrides {
        var budgets = PluginBudgetOverrides()
        guard let value = root["budgets"] else { return budgets }
        guard let table = value.table else {
            fail("budgets", "must be a [budgets] table")
            return budgets
        }
        checkKeys(table, known: Self.budgetKeys, at: "budgets.")
        func limit(_ key: String, maximum: Int64, unit: String) -> Int? {
            guard let raw = table[key] else { return nil }
            guard let number = raw.int else {
                fail("budgets.\(key)", "must be a whole number of \(unit)")
                return nil
            }
            guard number > 0 else {
                fail("budgets.\(key)", "must be positive (got \(number))")
                return nil
            }
            if maximum > 0, Int64(number) > maximum {
                fail("budgets.\(key)", "\(number) \(unit) is over the administrator's maximum of \(maximum) \(unit)")
                return nil
            }
            return number
        }
        budgets.cpuTime = limit("cpu_ms", maximum: maximumBudget.cpuTime.nanoseconds / 1_000_000, unit: "ms").map { .milliseconds($0) }
        budgets.wallTime = limit("wall_ms", maximum: maximumBudget.wallTime.nanoseconds / 1_000_000, unit: "ms").map { .milliseconds($0) }
        budgets.memory = limit("memory_mb", maximum: Int64(maximumBudget.memory >> 20), unit: "MiB").map { $0 << 20 }
        budgets.hostCalls = limit("host_calls", maximum: Int64(maximumBudget.hostCalls), unit: "calls")
        return budgets
    }
}
