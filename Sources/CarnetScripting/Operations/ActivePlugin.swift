import Foundation
import Synchronization

/// A plugin version that passed its checks and runs: its manifest, its pool of states, the
/// fingerprint of its files, which tells the host when they changed on disk, and whether its
/// before-hooks are on a tight CPU budget after one ran away.
final class ActivePlugin: Sendable {
    let plugin: LoadedPlugin
    let pool: PluginPool
    let fingerprint: PluginFingerprint
    /// Until when its before-hooks get ``penaltyCPU``, on the monotonic clock (not the
    /// injected one: it measures the machine's time, like the budgets themselves).
    private let penaltyUntil = Mutex<ContinuousClock.Instant?>(nil)

    /// The CPU a before-hook gets for ``penaltyPeriod`` after one of the plugin's before-hooks
    /// spent all of its CPU budget: a rule that loops on some records then holds the database's
    /// writer 10 ms a time instead of 50, while its hooks that take microseconds go on working.
    /// Not less: the watchdog charges a run's first milliseconds as CPU until it first looks
    /// (every couple of ms), so a busy machine could trip a smaller budget on a trivial hook.
    static let penaltyCPU = Duration.milliseconds(10)
    static let penaltyPeriod = Duration.seconds(60)

    init(plugin: LoadedPlugin, pool: PluginPool, fingerprint: PluginFingerprint) {
        self.plugin = plugin
        self.pool = pool
        self.fingerprint = fingerprint
    }

    var id: String { plugin.manifest.id }
    var manifest: PluginManifest { plugin.manifest }

    /// The budget of a run of `kind`: the default, narrowed or widened by the manifest's
    /// `[budgets]` (which the loader kept within the administrator's maximum).
    func budget(before: Bool) -> ScriptBudget {
        var budget = plugin.manifest.budgets.applied(to: before ? .beforeHook : .job)
        if before, let until = penaltyUntil.withLock({ $0 }), ContinuousClock.now < until {
            budget.cpuTime = min(budget.cpuTime, Self.penaltyCPU)
        }
        return budget
    }

    /// Notes that a before-hook spent its whole CPU budget: the next ``penaltyPeriod`` of
    /// before-hooks get ``penaltyCPU``. Returns whether this starts a penalty (none was running).
    func ranAway() -> Bool {
        let now = ContinuousClock.now
        return penaltyUntil.withLock { until in
            let started = until.map { $0 <= now } ?? true
            until = now + Self.penaltyPeriod
            return started
        }
    }
}

/// The size and modification time of a plugin's manifest and script: cheap to read every
/// couple of seconds, and different after any edit.
struct PluginFingerprint: Sendable, Hashable {
    let parts: [String]

    init(folder: URL) {
        parts = [PluginManifest.fileName, PluginLoader.mainFileName].map { name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            let size = (attributes?[.size] as? Int) ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
            return "\(name):\(size):\(modified)"
        }
    }
}
