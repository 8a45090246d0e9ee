import CarnetHTTP
import Foundation

/// Configuration files for the tests: one written for a test, and the shipped one.
enum ConfigFile {
    /// The repository's `config/carnet.toml`.
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/carnet.toml").path

    /// Loads `text` as a configuration file, with no environment variables.
    static func load(_ text: String) throws -> CarnetConfig {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-config-tests")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(UUID().uuidString + ".toml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try CarnetConfig.load(file: path, environment: [:])
    }

    /// The shipped configuration, with no environment variables.
    static func loadShipped() throws -> CarnetConfig {
        try CarnetConfig.load(file: shipped, environment: [:])
    }
}
