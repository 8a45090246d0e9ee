/// Why a plugin folder could not be loaded: every problem found, each naming its file
/// and, where it can, the key or line (`plugin.toml: hooks.x: reason`,
/// `main.lua:12: unexpected symbol near 'end'`).
public struct PluginCheckError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The plugin folder's name.
    public var pluginID: String
    public var problems: [String]

    public init(pluginID: String, problems: [String]) {
        self.pluginID = pluginID
        self.problems = problems
    }

    /// The plugin and one problem per line.
    public var description: String {
        (["plugin \(pluginID) cannot be loaded:"] + problems.map { "  " + $0 }).joined(separator: "\n")
    }
}
