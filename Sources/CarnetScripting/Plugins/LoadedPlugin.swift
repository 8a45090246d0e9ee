import Foundation

/// A plugin folder that passed every check: its manifest parsed, `main.lua` compiled,
/// ran once within its budget and defined every function the manifest names. Only a
/// loaded plugin may be enabled.
public struct LoadedPlugin: Sendable, Hashable {
    public var manifest: PluginManifest
    /// The folder it was read from.
    public var folder: URL
    /// The text of `main.lua`.
    public var source: String
    /// SHA-256 of `plugin.toml` and `main.lua`, in lower-case hex: two loads of the same
    /// files give the same hash, so a reload can tell whether anything changed.
    public var contentHash: String
    /// The plugin's test files, relative to its folder (`tests/main_test.lua`), sorted.
    public var tests: [String]

    public init(manifest: PluginManifest, folder: URL, source: String, contentHash: String, tests: [String]) {
        self.manifest = manifest
        self.folder = folder
        self.source = source
        self.contentHash = contentHash
        self.tests = tests
    }
}
