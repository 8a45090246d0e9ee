/// A failure of the test set-up itself (no Python, no openssl, a server that did not start), with the fix in its message.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
