import Foundation

/// A plugin version that passed its checks and runs: its manifest, its pool of states, and
/// the fingerprint of its files, which tells the host when they changed on disk.
final class ActivePlugin: Sendable {
    let plugin: LoadedPlugin
    let pool: PluginPool
    let fingerprint: PluginFingerprint

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
        plugin.manifest.budgets.applied(to: before ? .beforeHook : .job)
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
