/// Where and how to reach the SMTP server that relays Carnet's mail.
///
/// Defaults are the safe ones: certificates are verified, credentials are never sent in clear
/// text, and the port follows the security mode unless given.
public struct SMTPSettings: Sendable, Hashable {
    /// The server's host name or IP address.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// Plain, STARTTLS or implicit TLS.
    public var security: SMTPSecurity
    /// The login, if the server requires one; PLAIN or LOGIN is chosen from what EHLO offers.
    public var credentials: SMTPCredentials?
    /// Allows sending credentials without encryption, for local test relays only.
    public var allowInsecureAuth: Bool
    /// The name Carnet gives itself in EHLO/HELO; some servers check it resolves.
    public var heloName: String
    /// The longest wait for the TCP connection (and, with ``SMTPSecurity/tls``, nothing more).
    public var connectTimeout: Duration
    /// The longest wait for each reply, the greeting and the reply to the message data included.
    public var commandTimeout: Duration
    /// A PEM file of extra trusted certificates, for servers signed by a private CA.
    ///
    /// It is trusted in addition to the system's roots, not instead of them.
    public var caCertificatePath: String?
    /// Whether the server certificate and host name are checked; turn off only for tests.
    public var verifyCertificates: Bool

    /// Creates settings; `port` defaults to the one conventional for `security`.
    public init(
        host: String,
        port: Int? = nil,
        security: SMTPSecurity = .startTLS,
        credentials: SMTPCredentials? = nil,
        allowInsecureAuth: Bool = false,
        heloName: String = "localhost",
        connectTimeout: Duration = .seconds(10),
        commandTimeout: Duration = .seconds(60),
        caCertificatePath: String? = nil,
        verifyCertificates: Bool = true
    ) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.credentials = credentials
        self.allowInsecureAuth = allowInsecureAuth
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.caCertificatePath = caCertificatePath
        self.verifyCertificates = verifyCertificates
    }

    /// The server as named in logs and errors, `host:port`.
    public var serverLabel: String {
        "\(host):\(port)"
    }
}
