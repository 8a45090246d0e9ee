/// A line in a plugin's Lua file.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// Parses Lua's "file:line" form, as in `lua_getinfo`'s short source and in error messages.
    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let line = Int(text[text.index(after: colon)...]), line > 0 else {
            return nil
        }
        self.init(file: String(text[..<colon]), line: line)
    }

    /// The "file:line:" that starts Lua's syntax and runtime error messages.
    init?(messagePrefix message: String) {
        let parts = message.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let line = Int(parts[1]), line > 0 else { return nil }
        self.init(file: String(parts[0]), line: line)
    }

    public var description: String { "\(file):\(line)" }
}
