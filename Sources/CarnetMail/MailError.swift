/// A failure to build or deliver a mail, split into what is worth retrying and what is not.
///
/// ``isTransient`` is the only thing an outbox needs to decide between "try again later" and
/// "give up and tell someone"; ``description`` is written for the administrator who reads the log,
/// so it names the server, the command and the server's own words.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An address that is not of the form `local@domain`, or that needs SMTPUTF8.
    case invalidAddress(String, reason: String)
    /// A header value (or display name, subject…) that contains a carriage return or line feed.
    case headerInjection(field: String)
    /// An extra header whose name is not printable ASCII without a colon.
    case invalidHeaderName(String)
    /// An extra header that would override one the renderer writes itself (`From`, `Date`…).
    case reservedHeader(String)
    /// A message id that is not `left@right` in printable ASCII without spaces or angle brackets.
    case invalidMessageID(String)
    /// A message without any `To` recipient.
    case noRecipients
    /// Settings that cannot work, such as an unreadable CA file or a port out of range.
    case invalidSettings(String)
    /// The TCP connection could not be opened: refused, unreachable, name not resolved.
    case connectionFailed(server: String, reason: String)
    /// The server closed or reset the connection while a reply was awaited.
    case connectionClosed(server: String, command: String)
    /// No complete reply arrived within the configured time.
    case timeout(server: String, command: String, seconds: Double)
    /// The server answered a command with a code other than the one expected.
    case serverRejected(server: String, command: String, code: Int, text: String)
    /// The server sent something that is not an SMTP reply.
    case malformedReply(server: String, command: String, line: String)
    /// The server does not offer STARTTLS although the settings require it.
    case startTLSUnavailable(server: String)
    /// The TLS handshake failed, typically because the certificate could not be verified.
    case tlsFailed(server: String, reason: String)
    /// Credentials would travel over an unencrypted connection and the settings forbid it.
    case insecureAuthRefused(server: String)
    /// The server offers neither AUTH PLAIN nor AUTH LOGIN.
    case authUnavailable(server: String, offered: [String])
    /// The message file could not be written.
    case fileWriteFailed(path: String, reason: String)

    /// Whether sending the same message again later may succeed without anyone changing anything.
    ///
    /// Surprising cases: a failed file write counts as transient (a full disk frees up), and a TLS
    /// failure does not (a certificate that fails verification needs an administrator).
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .connectionClosed, .timeout, .fileWriteFailed:
            true
        case .serverRejected(_, _, let code, _):
            (400..<500).contains(code)
        case .invalidAddress, .headerInjection, .invalidHeaderName, .reservedHeader, .invalidMessageID,
             .noRecipients, .invalidSettings, .malformedReply, .startTLSUnavailable, .tlsFailed, .insecureAuthRefused,
             .authUnavailable:
            false
        }
    }

    public var description: String {
        switch self {
        case .invalidAddress(let address, let reason):
            "Invalid mail address \"\(address)\": \(reason)."
        case .headerInjection(let field):
            "The \(field) header contains a line break, which could inject headers; the message was refused."
        case .invalidHeaderName(let name):
            "\"\(name)\" is not a valid header name."
        case .reservedHeader(let name):
            "The \(name) header is written by the mailer and cannot be set as an extra header."
        case .invalidMessageID(let id):
            "\"\(id)\" is not a valid message id (expected left@right without spaces or angle brackets)."
        case .noRecipients:
            "The message has no To recipient."
        case .invalidSettings(let reason):
            "Invalid SMTP settings: \(reason)."
        case .connectionFailed(let server, let reason):
            "Could not connect to the mail server \(server): \(reason)."
        case .connectionClosed(let server, let command):
            "The mail server \(server) closed the connection while answering \(command)."
        case .timeout(let server, let command, let seconds):
            "The mail server \(server) did not answer \(command) within \(seconds) seconds."
        case .serverRejected(let server, let command, let code, let text):
            "The mail server \(server) answered \(command) with \(code) \(text)"
        case .malformedReply(let server, let command, let line):
            "The mail server \(server) answered \(command) with something that is not an SMTP reply: \(line)"
        case .startTLSUnavailable(let server):
            "The mail server \(server) does not offer STARTTLS, which the settings require."
        case .tlsFailed(let server, let reason):
            "The TLS connection to the mail server \(server) failed: \(reason)."
        case .insecureAuthRefused(let server):
            "Refusing to send credentials to \(server) over an unencrypted connection; use STARTTLS or TLS, or set allowInsecureAuth."
        case .authUnavailable(let server, let offered):
            "The mail server \(server) offers no supported login method (PLAIN or LOGIN); it offers: \(offered.isEmpty ? "none" : offered.joined(separator: ", "))."
        case .fileWriteFailed(let path, let reason):
            "Could not write the message file \(path): \(reason)."
        }
    }
}
