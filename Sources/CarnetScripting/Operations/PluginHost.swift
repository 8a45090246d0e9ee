import CarnetCore
import CarnetStore
import Foundation
import Logging
import Synchronization

/// The plugins running in this server: loads and checks them, swaps new versions in
/// atomically, and runs their hooks, jobs and actions with the `crm` API over ``Services``.
///
/// ``refresh()`` (called every couple of seconds by ``run()``) reads which plugins are
/// enabled (`plugin_states`, shared by every instance on the database) and the plugins'
/// files; a plugin enabled, changed on disk or asked to reload is loaded and checked on the
/// Lua executor, then swapped in. A version that fails its checks leaves the previous one
/// running; the failure is logged and kept in `plugin_states.last_error` for the CLI and API.
///
/// Before-hooks run through ``BeforeChangeHooks`` inside the change's transaction, on the
/// thread running it. After-hooks, jobs and actions each run in a transaction of their own.
public final class PluginHost: Sendable {
    public let services: Services
    public let runtime: LuaRuntime
    public let runs: PluginRunLog
    let settings: PluginHostSettings
    let loader: PluginLoader
    let logger: Logger
    private let state = Mutex(HostState())
    /// One refresh at a time (see ``AsyncLock``).
    private let refreshing = AsyncLock()

    /// What the host runs now; replaced whole, never edited in place.
    final class Snapshot: Sendable {
        let active: [String: ActivePlugin]
        /// Event type → the before-hooks on it, in plugin id order.
        let before: [String: [HookTarget]]
        /// Event type → the after-hooks on it, in plugin id order.
        let after: [String: [HookTarget]]

        init(active: [String: ActivePlugin]) {
            self.active = active
            var before: [String: [HookTarget]] = [:]
            var after: [String: [HookTarget]] = [:]
            for plugin in active.values.sorted(by: { $0.id < $1.id }) {
                for hook in plugin.manifest.hooks {
                    let target = HookTarget(plugin: plugin, key: hook.event.description, function: hook.function)
                    if hook.event.phase == .before { before[hook.event.event, default: []].append(target) } else { after[hook.event.event, default: []].append(target) }
                }
            }
            self.before = before
            self.after = after
        }
    }

    /// One hook of one plugin.
    struct HookTarget: Sendable {
        let plugin: ActivePlugin
        /// The manifest key, e.g. `before:deal.stage_changed`.
        let key: String
        let function: String
    }

    private struct HostState {
        var snapshot = Snapshot(active: [:])
        /// The last load error of each plugin, and the reload requests already handled.
        var errors: [String: String] = [:]
        var reloadsSeen: [String: Date] = [:]
        /// The files' fingerprint at the last load tried, whether it passed or not.
        var tried: [String: PluginFingerprint] = [:]
        var enabled: Set<String> = []
        var known: [String: PluginManifest] = [:]
    }

    /// - Parameter functions: host functions besides the core's `crm` API, e.g. a module's
    ///   `crm.tasks`; their paths must not clash with the core's.
    public init(services: Services, settings: PluginHostSettings, logger: Logger, functions: [HostFunction] = [],
                executor: LuaExecutor = LuaExecutor(threads: 1, name: "carnet-plugins")) {
        self.services = services
        self.settings = settings
        self.logger = logger
        runtime = LuaRuntime(clock: services.context.clock)
        runs = PluginRunLog()
        for function in CRMFunctions.all(clock: services.context.clock, logger: logger) + CRMRecordFunctions.all() + functions {
            do {
                try runtime.register(function)
            } catch {
                preconditionFailure("host function \(function.path) cannot be registered: \(error)")
            }
        }
        loader = PluginLoader(runtime: runtime, executor: executor, maximumBudget: settings.maximumBudget)
    }

    /// Makes every change made through `services` pass the before-hooks.
    public func install() {
        services.context.hooks.install(self)
        services.context.hooks.install(functions: self)
    }

    var snapshot: Snapshot { state.withLock { $0.snapshot } }

    /// The active version of a plugin.
    func active(_ id: String) -> ActivePlugin? { snapshot.active[id] }

    // MARK: - Loading

    /// Records the plugins of `[plugins] enabled` as on if no plugin was ever recorded.
    public func seed() async throws {
        let ids = settings.enabledAtFirstStart
        let now = services.context.clock.now
        try await services.database.write { conn in try PluginStates.seed(ids, at: now, conn) }
    }

    /// Brings the running plugins in line with `plugin_states` and the files: loads what is
    /// enabled and new or changed, drops what is disabled. Returns the problems of the
    /// plugins that failed to load, by id.
    @discardableResult
    public func refresh() async throws -> [String: String] {
        try await refreshing.withLock { try await refreshAlone() }
    }

    private func refreshAlone() async throws -> [String: String] {
        let rows = try await services.database.read { conn in try PluginStates.all(conn) }
        let current = state.withLock { $0 }
        var active = current.snapshot.active
        var errors = current.errors
        var reloadsSeen = current.reloadsSeen
        var tried = current.tried
        var known = current.known
        var loads: [(id: String, version: String?, error: String?)] = []
        let enabled = Set(rows.values.filter(\.enabled).map(\.id))
        for id in active.keys where !enabled.contains(id) { active[id] = nil }
        for id in enabled.sorted() {
            let folder = settings.directory.appendingPathComponent(id, isDirectory: true)
            let fingerprint = PluginFingerprint(folder: folder)
            let requested = rows[id]?.reloadRequestedAt
            let reloadAsked = requested != nil && requested != reloadsSeen[id]
            let justEnabled = !current.enabled.contains(id)
            // Load what is new, changed on disk, asked to reload or just enabled; a broken
            // version is not tried again until one of those happens.
            guard reloadAsked || justEnabled || tried[id] != fingerprint else { continue }
            reloadsSeen[id] = requested
            tried[id] = fingerprint
            do {
                let plugin = try await load(folder, fingerprint: fingerprint)
                active[id] = plugin
                known[id] = plugin.manifest
                errors[id] = nil
                loads.append((id, plugin.manifest.version, nil))
                logger.info("plugin loaded", metadata: ["plugin": "\(id)", "version": "\(plugin.manifest.version)"])
            } catch {
                let message = error.problems.joined(separator: "\n")
                if errors[id] != message {
                    logger.error("plugin failed its checks; \(active[id] == nil ? "it does not run" : "the previous version goes on running")",
                                 metadata: ["plugin": "\(id)", "problems": "\(message)"])
                    loads.append((id, active[id]?.manifest.version, message))
                }
                errors[id] = message
            }
        }
        let snapshot = Snapshot(active: active)
        state.withLock {
            $0.snapshot = snapshot
            $0.errors = errors
            $0.reloadsSeen = reloadsSeen
            $0.tried = tried
            $0.enabled = enabled
            $0.known = known
        }
        if !loads.isEmpty {
            let now = services.context.clock.now
            try await services.database.write { [loads] conn in
                for load in loads { try PluginStates.recordLoad(load.id, version: load.version, error: load.error, at: now, conn) }
            }
        }
        return errors.filter { enabled.contains($0.key) }
    }

    /// Loads and checks a plugin folder, with the administrator's settings for it.
    func load(_ folder: URL, fingerprint: PluginFingerprint) async throws(PluginCheckError) -> ActivePlugin {
        let plugin = try await loader.load(folder)
        let values = try plugin.manifest.settingValues(overrides: settings.settings[plugin.manifest.id] ?? [:])
        return ActivePlugin(plugin: plugin, pool: PluginPool(plugin: plugin, runtime: runtime, settings: values), fingerprint: fingerprint)
    }

    /// Loads a plugin folder and runs it on this host alone, whatever `plugin_states` says and
    /// without writing there: for `carnet plugins replay`, which must leave the database as it was.
    public func activate(_ id: String) async throws(PluginCheckError) {
        let folder = settings.directory.appendingPathComponent(id, isDirectory: true)
        let plugin = try await load(folder, fingerprint: PluginFingerprint(folder: folder))
        state.withLock { state in
            var active = state.snapshot.active
            active[id] = plugin
            state.snapshot = Snapshot(active: active)
        }
    }

    /// Checks a plugin folder as enabling it would, without running it.
    public func check(_ id: String) async throws(PluginCheckError) -> LoadedPlugin {
        let folder = settings.directory.appendingPathComponent(id, isDirectory: true)
        return try await load(folder, fingerprint: PluginFingerprint(folder: folder)).plugin
    }

    /// Runs a running plugin with other settings from now on (the tests' `fixtures.settings`):
    /// `values` replace the defaults, as the administrator's would.
    func override(settings values: [String: LuaValue], of id: String) throws {
        guard let plugin = active(id) else { throw CarnetError.notFound(entity: "running plugin", id: id) }
        let merged = try plugin.manifest.settingValues(overrides: values)
        let replacement = ActivePlugin(plugin: plugin.plugin, pool: PluginPool(plugin: plugin.plugin, runtime: runtime, settings: merged),
                                       fingerprint: plugin.fingerprint)
        state.withLock { state in
            var active = state.snapshot.active
            active[id] = replacement
            state.snapshot = Snapshot(active: active)
        }
    }

    // MARK: - Status

    /// The budgets a plugin's runs get, its `[budgets]` applied: a before-hook's, and a job's
    /// or an action's (after-hooks get a job's). Nil while this host has never read the plugin.
    public func budgets(_ id: String) -> (beforeHook: ScriptBudget, job: ScriptBudget)? {
        guard let manifest = state.withLock({ $0.snapshot.active[id]?.manifest ?? $0.known[id] }) else { return nil }
        return (manifest.budgets.applied(to: .beforeHook), manifest.budgets.applied(to: .job))
    }

    /// The actions of the running plugins whose buttons go on a record's page of this kind,
    /// by plugin id then action name.
    public func actions(on place: PluginAction.Place) -> [(plugin: String, action: PluginAction)] {
        snapshot.active.sorted { $0.key < $1.key }.flatMap { id, plugin in
            plugin.manifest.actions.filter { $0.place == place }.map { (plugin: id, action: $0) }
        }
    }

    /// Every plugin in the directory or recorded in the database, by id.
    public func statuses() async throws -> [PluginStatus] {
        let rows = try await services.database.read { conn in try PluginStates.all(conn) }
        let folders = (try? PluginLoader.pluginFolders(in: settings.directory).map(\.lastPathComponent)) ?? []
        let current = state.withLock { $0 }
        return Set(folders).union(rows.keys).sorted().map { id in
            let enabled = rows[id]?.enabled ?? false
            let running = current.snapshot.active[id]
            let manifest = running?.manifest ?? current.known[id]
            let error = current.errors[id] ?? (running == nil ? rows[id]?.lastError : nil)
            return PluginStatus(
                id: id, version: manifest?.version ?? rows[id]?.loadedVersion, description: manifest?.description, enabled: enabled,
                state: !enabled ? .disabled : running != nil ? .running : .broken, error: enabled ? error : nil,
                hooks: manifest?.hooks.map(\.event.description) ?? [],
                jobs: manifest?.jobs.map { "\($0.function) (\($0.schedule))" } ?? [],
                actions: manifest?.actions.map(\.name) ?? [])
        }
    }
}
