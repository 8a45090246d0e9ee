/// A configuration problem: which file, which key, and why, so start-up can say exactly what to fix.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var key: String
    public var reason: String

    public init(file: String, key: String, reason: String) {
        self.file = file
        self.key = key
        self.reason = reason
    }

    public var description: String { "\(file): \(key): \(reason)" }
}
