import Synchronization

/// Lua states of one plugin version, each with `main.lua` compiled, reused across runs.
///
/// A state is made on demand and goes back to the pool after a run, unless a budget overrun
/// discarded it or it has served ``recycleAfter`` runs (so a slow leak in the plugin's state,
/// e.g. interned strings, cannot grow forever). At most ``maximumIdle`` states wait idle.
final class PluginPool: Sendable {
    /// A state and the chunk compiled in it.
    struct Entry: @unchecked Sendable {
        let sandbox: LuaSandbox
        let chunk: LuaChunk
        var runs = 0
    }

    static let recycleAfter = 1_000
    static let maximumIdle = 4

    let plugin: LoadedPlugin
    private let runtime: LuaRuntime
    private let settings: [String: LuaValue]
    private let idle = Mutex<[Entry]>([])

    init(plugin: LoadedPlugin, runtime: LuaRuntime, settings: [String: LuaValue]) {
        self.plugin = plugin
        self.runtime = runtime
        self.settings = settings
    }

    var identity: ScriptIdentity {
        ScriptIdentity(pluginID: plugin.manifest.id, version: plugin.manifest.version, permissions: Set(plugin.manifest.permissions.map(\.rawValue)))
    }

    /// Runs `body` with a state of its own on the calling thread.
    func withSandbox<T>(_ body: (LuaSandbox, LuaChunk) throws -> T) throws -> T {
        var entry = try idle.withLock { $0.popLast() } ?? make()
        defer {
            entry.runs += 1
            if !entry.sandbox.isDiscarded, entry.runs < Self.recycleAfter {
                idle.withLock { if $0.count < Self.maximumIdle { $0.append(entry) } }
            }
        }
        return try body(entry.sandbox, entry.chunk)
    }

    /// How many states wait idle (for tests).
    var idleCount: Int { idle.withLock { $0.count } }

    private func make() throws(ScriptError) -> Entry {
        let sandbox = runtime.makeSandbox(identity: identity, settings: settings)
        let chunk = try sandbox.load(plugin.source, chunkName: PluginLoader.mainFileName)
        return Entry(sandbox: sandbox, chunk: chunk)
    }
}
