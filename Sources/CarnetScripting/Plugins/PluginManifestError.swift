/// A problem in a plugin's `plugin.toml`: the file, the key (e.g. `hooks."before:deal.won"`,
/// `jobs[0].schedule`, or `line 3` for TOML syntax) and the reason.
public struct PluginManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var key: String
    public var reason: String

    public init(file: String, key: String, reason: String) {
        self.file = file
        self.key = key
        self.reason = reason
    }

    /// `file: key: reason`
    public var description: String { "\(file): \(key): \(reason)" }
}
