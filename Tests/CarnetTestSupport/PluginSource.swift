import Foundation

/// A plugin written by a test: its manifest and its `main.lua`.
public struct PluginSource: Sendable {
    public var id: String
    public var manifest: String
    public var main: String

    /// A plugin whose manifest has `permissions` and `hooks` (event key → function), version `version`.
    public init(_ id: String, version: String = "1.0.0", description: String = "A plugin of the tests.", permissions: [String] = [],
                hooks: [String: String] = [:], extra: String = "", main: String) {
        self.id = id
        let permissionList = permissions.map { "\"\($0)\"" }.joined(separator: ", ")
        let hookLines = hooks.keys.sorted().map { "\"\($0)\" = \"\(hooks[$0]!)\"" }.joined(separator: "\n")
        manifest = """
            id = "\(id)"
            version = "\(version)"
            description = "\(description)"
            api = "1"
            permissions = [\(permissionList)]
            \(extra)
            [hooks]
            \(hookLines)
            """
        self.main = main
    }

    /// Writes the plugin's folder under `directory`, replacing what was there.
    public func write(to directory: URL) throws {
        let folder = directory.appendingPathComponent(id, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: folder.appendingPathComponent("plugin.toml"))
        try Data(main.utf8).write(to: folder.appendingPathComponent("main.lua"))
    }
}
