/// A failure of the test set-up itself (no Python, no openssl), with the fix in its message.
struct TestFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
