/// An extra header such as `In-Reply-To` or `References`, written after the standard ones.
///
/// Name and value are checked when the message is rendered, not here, so a message can be built
/// freely and fails as a whole with one ``MailError``.
public struct MailHeader: Sendable, Hashable {
    /// The header name, e.g. `References`.
    public var name: String
    /// The header value; non-ASCII text is written as encoded-words.
    public var value: String

    /// Creates an extra header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
