import Crypto
import Foundation

/// Reads a plugin folder and checks it before it may be enabled:
/// 1. `plugin.toml` parses and validates (``PluginManifest``);
/// 2. `main.lua` is Lua source text (bytecode is refused), at most ``maximumFileSize``;
/// 3. it compiles (syntax errors name their line) in a fresh sandbox;
/// 4. it runs once, with ``loadBudget``, to define its functions (a script that loops
///    or allocates forever at load time is stopped by the budget);
/// 5. every function the manifest names (hooks, jobs, actions) is then a global function.
///
/// All problems are reported at once in a ``PluginCheckError``; files are named relative
/// to the plugin folder (`plugin.toml`, `main.lua`). The Lua work runs on `executor`,
/// never on the caller's thread.
public struct PluginLoader: Sendable {
    /// Each of `plugin.toml` and `main.lua` may hold at most this many bytes (256 KiB).
    public static let maximumFileSize = 256 << 10
    /// The script every plugin has.
    public static let mainFileName = "main.lua"
    /// The folder of the plugin's Lua tests.
    public static let testsFolderName = "tests"

    public let runtime: LuaRuntime
    public let executor: LuaExecutor
    /// The administrator's maximum, which the manifest's `[budgets]` may not exceed.
    public var maximumBudget: ScriptBudget
    /// The budget of the run that defines the plugin's functions: a job's by default.
    public var loadBudget: ScriptBudget

    public init(runtime: LuaRuntime, executor: LuaExecutor, maximumBudget: ScriptBudget = .job, loadBudget: ScriptBudget = .job) {
        self.runtime = runtime
        self.executor = executor
        self.maximumBudget = maximumBudget
        self.loadBudget = loadBudget
    }

    /// The plugin folders in `directory` (one per plugin, named by its id), sorted by name;
    /// hidden entries and plain files are skipped.
    public static func pluginFolders(in directory: URL) throws -> [URL] {
        let entries = try FileManager.default.contentsOfDirectory(
            at: directory, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])
        return entries.filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Reads and checks the plugin in `folder`.
    public func load(_ folder: URL) async throws(PluginCheckError) -> LoadedPlugin {
        let folderName = folder.lastPathComponent
        var problems: [String] = []

        var manifest: PluginManifest?
        let manifestText = Self.readText(folder.appendingPathComponent(PluginManifest.fileName), problems: &problems)
        if let manifestText {
            let checked = PluginManifest.check(manifestText, file: PluginManifest.fileName, folderName: folderName, maximumBudget: maximumBudget)
            manifest = checked.manifest
            problems += checked.problems.map(\.description)
        }

        let source = Self.readText(folder.appendingPathComponent(Self.mainFileName), problems: &problems, refuseBytecode: true)
        if let source {
            problems += await checkScript(source, pluginID: folderName, manifest: manifest)
        }

        let tests = Self.testFiles(in: folder)
        guard problems.isEmpty, let manifest, let manifestText, let source else {
            throw PluginCheckError(pluginID: folderName, problems: problems)
        }
        var hasher = SHA256()
        hasher.update(data: Data(manifestText.utf8))
        hasher.update(data: Data([0]))
        hasher.update(data: Data(source.utf8))
        let hash = hasher.finalize().map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
        return LoadedPlugin(manifest: manifest, folder: folder, source: source, contentHash: hash, tests: tests)
    }

    /// Compiles `main.lua`, runs it once and checks the functions the manifest names.
    private func checkScript(_ source: String, pluginID: String, manifest: PluginManifest?) async -> [String] {
        let identity = ScriptIdentity(pluginID: manifest?.id ?? pluginID, version: manifest?.version ?? "0.0.0",
                                      permissions: Set(manifest?.permissions.map(\.rawValue) ?? []))
        let references = manifest?.functionReferences ?? []
        let names = references.map(\.function)
        let runtime = self.runtime
        let budget = loadBudget
        let outcome = await executor.run { () -> Result<[String], ScriptError> in
            let sandbox = runtime.makeSandbox(identity: identity)
            do throws(ScriptError) {
                let chunk = try sandbox.load(source, chunkName: Self.mainFileName, memoryLimit: budget.memory)
                return .success(try sandbox.globalTypes(chunk, globals: names, budget: budget))
            } catch {
                return .failure(error)
            }
        }
        switch outcome {
        case .failure(let error):
            return [Self.describe(error)]
        case .success(let types):
            return zip(references, types).compactMap { reference, type in
                switch type {
                case "function": nil
                case "nil": "\(PluginManifest.fileName): \(reference.key): \(Self.mainFileName) does not define the function \(reference.function)"
                default: "\(PluginManifest.fileName): \(reference.key): \(Self.mainFileName) defines \(reference.function) as a \(type), not a function"
                }
            }
        }
    }

    /// `main.lua:LINE: message`, without the plugin prefix of ``ScriptError/description``.
    static func describe(_ error: ScriptError) -> String {
        let place = error.location?.description ?? error.chunk
        var text = error.message.hasPrefix(place + ":") ? error.message : "\(place): \(error.message)"
        switch error.kind {
        case .runtime, .budget, .unsupportedResult:
            text += " (while \(error.chunk) ran to define its functions)"
        default:
            break
        }
        return text
    }

    /// The file's text, or nil with a problem when it is missing, too large, not UTF-8
    /// or (with `refuseBytecode`) precompiled Lua.
    private static func readText(_ file: URL, problems: inout [String], refuseBytecode: Bool = false) -> String? {
        let name = file.lastPathComponent
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else {
            problems.append("\(name): is missing")
            return nil
        }
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            problems.append("\(name): must be a regular file")
            return nil
        }
        if let size = attributes[.size] as? Int, size > maximumFileSize {
            problems.append("\(name): is \(size) bytes, over the limit of \(maximumFileSize) bytes")
            return nil
        }
        guard let data = try? Data(contentsOf: file) else {
            problems.append("\(name): cannot be read")
            return nil
        }
        guard data.count <= maximumFileSize else {
            problems.append("\(name): is \(data.count) bytes, over the limit of \(maximumFileSize) bytes")
            return nil
        }
        if refuseBytecode, data.first == 0x1B {
            problems.append("\(name): is precompiled Lua bytecode; plugins are loaded from Lua source text only")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            problems.append("\(name): is not UTF-8 text")
            return nil
        }
        return text
    }

    /// `tests/*.lua`, relative to the plugin folder, sorted.
    static func testFiles(in folder: URL) -> [String] {
        let directory = folder.appendingPathComponent(testsFolderName)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") && !$0.hasPrefix(".") }.sorted().map { "\(testsFolderName)/\($0)" }
    }
}
