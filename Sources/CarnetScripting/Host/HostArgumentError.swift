/// A host function received an argument of the wrong type.
///
/// Scripts see it prefixed with the function: "crm.deals.get: argument 1 must be a
/// string, got table".
public struct HostArgumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// 1-based, as Lua counts arguments.
    public var position: Int
    /// What the function expects, e.g. "a string", "an integer".
    public var expected: String
    /// Lua's name for the type it got.
    public var actual: String

    public init(position: Int, expected: String, actual: String) {
        self.position = position
        self.expected = expected
        self.actual = actual
    }

    public var description: String { "argument \(position) must be \(expected), got \(actual)" }
}
