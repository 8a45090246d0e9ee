/// A username and password for SMTP AUTH.
///
/// Its description never shows the password, so settings can be logged as they are.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The login name, often the full mail address.
    public var username: String
    /// The password or application token.
    public var password: String

    /// Creates credentials.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String {
        "\(username) (password hidden)"
    }
}
