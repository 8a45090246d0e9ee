import CarnetScripting
import Testing

@Suite struct PluginManifestTests {
    static let file = "plugins/gate/plugin.toml"

    /// A valid manifest with `top` lines added to its top-level keys and `tables` after them.
    static func text(
        id: String = "gate", version: String = "1.0.0", api: String = "1",
        permissions: String = #"["read:deals", "write:deals"]"#, top: String = "", tables: String = ""
    ) -> String {
        """
        id = "\(id)"
        version = "\(version)"
        description = "Stage gate"
        api = "\(api)"
        permissions = \(permissions)
        \(top)

        [hooks]
        "before:deal.stage_changed" = "gate"

        \(tables)
        """
    }

    static let full = """
        id = "big-deal-alert"
        version = "2.10.0"
        description = "Tells the manager when a \\"big\\" deal moves."
        api = "1"
        permissions = ["write:activities", "read:deals", "read:deals"]

        [hooks]
        "deal.stage_changed" = "on_stage_changed"
        "before:deal.won" = "check_won"
        "contact.created" = "welcome"

        [[jobs]]
        schedule = "every 15m"
        function = "sweep"

        [[jobs]]
        schedule = "daily 07:30"
        function = "digest"

        [[actions]]
        name = "notify-now"
        function = "notify_now"
        label = "Notify the manager"
        label_fr = "Prévenir le responsable"
        where = "deal"

        [settings.threshold]
        type = "integer"
        default = 1000000
        description = "Amount in minor units."

        [settings.ratio]
        type = "number"
        default = 2
        description = "A number setting with an integer default."

        [settings.channel]
        type = "string"
        default = "email"
        description = "How to tell."

        [settings.enabled]
        type = "boolean"
        default = true
        description = "On or off."

        [budgets]
        cpu_ms = 200
        memory_mb = 32
        """

    static func parse(_ text: String, folder: String? = "gate", maximum: ScriptBudget = .job) throws(PluginManifestError) -> PluginManifest {
        try PluginManifest.parse(text, file: file, folderName: folder, maximumBudget: maximum)
    }

    @Test func validManifestParsesAndRoundTrips() throws {
        let manifest = try Self.parse(Self.full, folder: "big-deal-alert")
        #expect(manifest.id == "big-deal-alert")
        #expect(manifest.version == "2.10.0")
        #expect(manifest.description == "Tells the manager when a \"big\" deal moves.")
        #expect(manifest.permissions == [.readDeals, .writeActivities])
        #expect(manifest.hooks.map(\.event.description) == ["before:deal.won", "contact.created", "deal.stage_changed"])
        #expect(manifest.hooks.first?.event == PluginHookEvent(event: "deal.won", phase: .before))
        #expect(manifest.jobs == [PluginJob(schedule: .every(minutes: 15), function: "sweep"),
                                  PluginJob(schedule: .daily(hour: 7, minute: 30), function: "digest")])
        #expect(manifest.actions == [PluginAction(name: "notify-now", function: "notify_now", label: "Notify the manager",
                                                  labelFR: "Prévenir le responsable", place: .deal)])
        #expect(manifest.settings.map(\.name) == ["channel", "enabled", "ratio", "threshold"])
        #expect(manifest.settings.map(\.defaultValue) == [.string("email"), .bool(true), .number(2), .integer(1_000_000)])
        #expect(manifest.budgets == PluginBudgetOverrides(cpuTime: .milliseconds(200), memory: 32 << 20))
        #expect(manifest.budgets.applied(to: .beforeHook).cpuTime == .milliseconds(200))
        #expect(manifest.functionReferences.map(\.key) == [
            #"hooks."before:deal.won""#, #"hooks."contact.created""#, #"hooks."deal.stage_changed""#,
            "jobs[0].function", "jobs[1].function", "actions[0].function",
        ])

        let again = try Self.parse(manifest.toml, folder: "big-deal-alert")
        #expect(again == manifest)
        #expect(again.toml == manifest.toml)
    }

    @Test func schedulesParseAndPrint() {
        #expect(PluginSchedule("every 1h") == .every(minutes: 60))
        #expect(PluginSchedule("every 1d") == .every(minutes: 1440))
        #expect(PluginSchedule("every 90m")?.description == "every 90m")
        #expect(PluginSchedule("every 120m")?.description == "every 2h")
        #expect(PluginSchedule("daily 00:05")?.description == "daily 00:05")
        for bad in ["every 0m", "every 5s", "every m", "every -1h", "daily 24:00", "daily 7:30", "hourly", "every 1h 2m"] {
            #expect(PluginSchedule(bad) == nil, "\(bad)")
        }
    }

    /// A bad manifest and the key and reason its error must name.
    struct BadCase: Sendable, CustomStringConvertible {
        var description: String
        var text: String
        var folder: String? = "gate"
        var key: String
        var reason: String
    }

    static let badCases: [BadCase] = [
        BadCase(description: "unknown top-level key", text: text(top: #"colour = "red""#), key: "colour", reason: "unknown key"),
        BadCase(description: "unknown key in a job", text: text(tables: "[[jobs]]\nschedule = \"every 1h\"\nfunction = \"f\"\nwhen = 3"),
                key: "jobs[0].when", reason: "unknown key"),
        BadCase(description: "unknown key in budgets", text: text(tables: "[budgets]\ncpu = 3"), key: "budgets.cpu", reason: "unknown key"),
        BadCase(description: "bad id", text: text(id: "Gate_1"), folder: nil, key: "id", reason: "is not a plugin id"),
        BadCase(description: "id differs from the folder", text: text(id: "gate"), folder: "other", key: "id",
                reason: #"must equal the plugin's folder name "other""#),
        BadCase(description: "bad version", text: text(version: "1.0"), key: "version", reason: "is not a semantic version"),
        BadCase(description: "version with a leading zero", text: text(version: "1.02.0"), key: "version", reason: "is not a semantic version"),
        BadCase(description: "wrong API version", text: text(api: "2"), key: "api", reason: #"not "2""#),
        BadCase(description: "unknown permission", text: text(permissions: #"["read:deals", "write:everything"]"#),
                key: "permissions[1]", reason: #"unknown permission "write:everything""#),
        BadCase(description: "unknown event", text: text(tables: "[jobs]").replacingOccurrences(of: "[jobs]", with: #""deal.exploded" = "boom""#),
                key: #"hooks."deal.exploded""#, reason: "unknown event"),
        BadCase(description: "unquoted event name", text: text(tables: "[jobs]").replacingOccurrences(of: "[jobs]", with: #"deal.won = "won""#),
                key: "hooks.deal", reason: "must be quoted"),
        BadCase(description: "hook function that is not a Lua name", text: text().replacingOccurrences(of: #""before:deal.stage_changed" = "gate""#, with: #""before:deal.stage_changed" = "1gate""#),
                key: #"hooks."before:deal.stage_changed""#, reason: "is not a Lua function name"),
        BadCase(description: "bad schedule", text: text(tables: "[[jobs]]\nschedule = \"every 5s\"\nfunction = \"sweep\""),
                key: "jobs[0].schedule", reason: #""every 5s" is not a schedule"#),
        BadCase(description: "action shown in an unknown place",
                text: text(tables: "[[actions]]\nname = \"a\"\nfunction = \"f\"\nlabel = \"A\"\nwhere = \"invoice\""),
                key: "actions[0].where", reason: #""invoice" is not a place"#),
        BadCase(description: "setting default of the wrong type",
                text: text(tables: "[settings.threshold]\ntype = \"integer\"\ndefault = \"ten\"\ndescription = \"x\""),
                key: "settings.threshold.default", reason: "must be of type integer"),
        BadCase(description: "setting of an unknown type",
                text: text(tables: "[settings.when]\ntype = \"date\"\ndefault = \"x\""),
                key: "settings.when.type", reason: #""date" is not a setting type"#),
        BadCase(description: "budget over the administrator's maximum", text: text(tables: "[budgets]\ncpu_ms = 10000"),
                key: "budgets.cpu_ms", reason: "10000 ms is over the administrator's maximum of 5000 ms"),
        BadCase(description: "memory budget over the maximum", text: text(tables: "[budgets]\nmemory_mb = 65"),
                key: "budgets.memory_mb", reason: "over the administrator's maximum of 64 MiB"),
        BadCase(description: "missing version", text: text().replacingOccurrences(of: "version = \"1.0.0\"\n", with: ""),
                key: "version", reason: "is required"),
        BadCase(description: "TOML syntax error", text: "id = \"gate\"\nversion = 1.0.0.0\n", key: "line 2", reason: "parsing"),
    ]

    @Test(arguments: badCases)
    func badManifestNamesFileKeyAndReason(_ bad: BadCase) {
        #expect(throws: PluginManifestError.self) { try Self.parse(bad.text, folder: bad.folder) }
        do {
            _ = try Self.parse(bad.text, folder: bad.folder)
        } catch {
            #expect(error.file == Self.file)
            #expect(error.key == bad.key)
            #expect(error.reason.contains(bad.reason), "\(error.reason)")
            #expect(error.description.hasPrefix("\(Self.file): \(bad.key): "))
        }
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = Self.text(version: "one", permissions: #"["fly"]"#, top: "extra = 1",
                             tables: "[[jobs]]\nschedule = \"sometimes\"\nfunction = \"f\"")
        let (manifest, problems) = PluginManifest.check(text, file: Self.file, folderName: "gate", maximumBudget: .job)
        #expect(manifest == nil)
        #expect(Set(problems.map(\.key)) == ["extra", "version", "permissions[0]", "jobs[0].schedule"])
    }

    @Test func theValidBaseTextParses() throws {
        let manifest = try Self.parse(Self.text())
        #expect(manifest.hooks == [PluginHook(event: PluginHookEvent(event: "deal.stage_changed", phase: .before), function: "gate")])
        #expect(PluginHookEvent(key: "before:nothing.happened") == nil)
    }
}
