/// A plugin's `plugins/<id>/plugin.toml`, parsed and checked.
///
/// ```toml
/// id = "decision-maker-gate"        # the folder's name: lower-case letters, digits, -
/// version = "1.2.0"                 # semantic version x.y.z
/// description = "No proposal without a decision maker."
/// api = "1"                         # the Carnet plugin API the plugin is written for
/// permissions = ["read:contacts", "read:deals"]   # see PluginPermission
///
/// [hooks]                           # event -> function; see PluginHookEvent
/// "before:deal.stage_changed" = "gate"
/// "deal.won" = "celebrate"
///
/// [[jobs]]                          # see PluginSchedule
/// schedule = "daily 07:30"
/// function = "morning_digest"
///
/// [[actions]]
/// name = "rescore"
/// function = "rescore"
/// label = "Recompute score"
/// label_fr = "Recalculer le score"
/// where = "contact"                 # contact, deal or company
///
/// [settings.threshold]
/// type = "integer"                  # string, integer, number or boolean
/// default = 10000
/// description = "Amount in minor units above which the manager is told."
///
/// [budgets]                         # optional, each at most the administrator's maximum
/// cpu_ms = 100
/// wall_ms = 200
/// memory_mb = 32
/// host_calls = 50000
/// ```
///
/// Unknown keys are errors, so that a typo never silently disables a hook. Every
/// problem names the file, the key and the reason (``PluginManifestError``).
public struct PluginManifest: Sendable, Hashable {
    /// The manifest's file name inside the plugin folder.
    public static let fileName = "plugin.toml"
    /// The plugin API version this Carnet offers; `api` must equal it.
    public static let apiVersion = "1"

    public var id: String
    public var version: String
    public var description: String
    public var api: String
    /// Sorted, without duplicates.
    public var permissions: [PluginPermission]
    /// Sorted by event key.
    public var hooks: [PluginHook]
    /// In manifest order.
    public var jobs: [PluginJob]
    /// In manifest order.
    public var actions: [PluginAction]
    /// Sorted by name.
    public var settings: [PluginSetting]
    public var budgets: PluginBudgetOverrides

    public init(
        id: String, version: String, description: String, api: String = PluginManifest.apiVersion,
        permissions: [PluginPermission] = [], hooks: [PluginHook] = [], jobs: [PluginJob] = [],
        actions: [PluginAction] = [], settings: [PluginSetting] = [], budgets: PluginBudgetOverrides = PluginBudgetOverrides()
    ) {
        self.id = id
        self.version = version
        self.description = description
        self.api = api
        self.permissions = Array(Set(permissions)).sorted()
        self.hooks = hooks.sorted { $0.event < $1.event }
        self.jobs = jobs
        self.actions = actions
        self.settings = settings.sorted { $0.name < $1.name }
        self.budgets = budgets
    }

    /// Parses `text`, stopping at the first problem.
    ///
    /// - Parameters:
    ///   - file: the path shown in errors, e.g. `plugins/gate/plugin.toml`.
    ///   - folderName: the plugin folder's name, which `id` must equal; nil to skip that check.
    ///   - maximumBudget: the administrator's maximum for `[budgets]`.
    public static func parse(
        _ text: String, file: String, folderName: String?, maximumBudget: ScriptBudget
    ) throws(PluginManifestError) -> PluginManifest {
        let (manifest, problems) = check(text, file: file, folderName: folderName, maximumBudget: maximumBudget)
        if let first = problems.first { throw first }
        return manifest!
    }

    /// Parses `text` and returns every problem found; the manifest is nil when there is one.
    public static func check(
        _ text: String, file: String, folderName: String?, maximumBudget: ScriptBudget
    ) -> (manifest: PluginManifest?, problems: [PluginManifestError]) {
        var reader = PluginManifestReader(file: file, folderName: folderName, maximumBudget: maximumBudget)
        let manifest = reader.read(text)
        return reader.problems.isEmpty ? (manifest, []) : (nil, reader.problems)
    }

    /// Whether `id` is a valid plugin id: lower-case ASCII letters, digits and `-`,
    /// starting with a letter, at most 64 characters.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, ("a"..."z").contains(first), id.unicodeScalars.count <= 64 else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// Every Lua function the manifest names, with the key that names it, in manifest
    /// order (hooks, then jobs, then actions).
    public var functionReferences: [(key: String, function: String)] {
        hooks.map { (key: "hooks.\(PluginManifestReader.quotedKey($0.event.description))", function: $0.function) }
            + jobs.enumerated().map { (key: "jobs[\($0.offset)].function", function: $0.element.function) }
            + actions.enumerated().map { (key: "actions[\($0.offset)].function", function: $0.element.function) }
    }
}
