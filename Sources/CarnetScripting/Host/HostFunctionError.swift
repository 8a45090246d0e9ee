/// A host function's refusal, shown to the script as "<path>: <message>".
public struct HostFunctionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
