/// How the connection to the SMTP server is protected.
public enum SMTPSecurity: String, Sendable, Hashable, CaseIterable {
    /// Plain TCP; credentials are refused unless ``SMTPSettings/allowInsecureAuth`` is set.
    case none
    /// Plain TCP upgraded with the STARTTLS command, usually on port 587; sending fails if the
    /// server does not offer it, rather than silently continuing in clear text.
    case startTLS
    /// TLS from the first byte, usually on port 465.
    case tls

    /// The port conventionally used with this security: 25, 587 or 465.
    public var defaultPort: Int {
        switch self {
        case .none: 25
        case .startTLS: 587
        case .tls: 465
        }
    }
}
