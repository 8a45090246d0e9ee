import Foundation
import Logging
import NIOSSL

/// The SMTP dialogue for one message over one connection, from greeting to QUIT.
///
/// Any refused recipient aborts the whole send, so that a retry cannot deliver twice to the ones
/// that were accepted. A failure after the server accepted the data (at QUIT) is ignored, since
/// the message is then the server's responsibility.
struct SMTPSession {
    let connection: SMTPConnection
    let settings: SMTPSettings
    let tlsContext: NIOSSLContext?
    let logger: Logger

    private var extensions: [String: [String]] = [:]
    private var isEncrypted: Bool

    init(connection: SMTPConnection, settings: SMTPSettings, tlsContext: NIOSSLContext?, logger: Logger) {
        self.connection = connection
        self.settings = settings
        self.tlsContext = tlsContext
        self.logger = logger
        self.isEncrypted = settings.security == .tls
    }

    /// Runs the dialogue: greeting, EHLO, STARTTLS, AUTH, envelope, data and QUIT.
    mutating func deliver(from sender: String, to recipients: [String], data: [UInt8]) async throws(MailError) {
        try expect(220, try await connection.readReply(answering: "the greeting"), command: "the greeting")
        try await hello(allowHELO: true)
        if settings.security == .startTLS {
            try await startTLS()
        }
        if let credentials = settings.credentials {
            try await authenticate(credentials)
        }
        try await command("MAIL FROM:<\(sender)>", expecting: [250])
        for recipient in recipients {
            try await command("RCPT TO:<\(recipient)>", expecting: [250, 251])
        }
        try await command("DATA", expecting: [354])
        let reply = try await connection.send(SMTPData.payload(data), answering: "the message data")
        try expect(250, reply, command: "the message data")
        _ = try? await connection.send(Array("QUIT\r\n".utf8), answering: "QUIT")
    }

    private mutating func hello(allowHELO: Bool) async throws(MailError) {
        let reply = try await send("EHLO \(settings.heloName)")
        if reply.code == 250 {
            extensions = reply.extensions
            return
        }
        guard allowHELO, (500..<600).contains(reply.code) else {
            throw rejection("EHLO \(settings.heloName)", reply)
        }
        try await command("HELO \(settings.heloName)", expecting: [250])
        extensions = [:]
    }

    private mutating func startTLS() async throws(MailError) {
        guard extensions["STARTTLS"] != nil, let tlsContext else {
            throw .startTLSUnavailable(server: settings.serverLabel)
        }
        try await command("STARTTLS", expecting: [220])
        try await connection.startTLS(context: tlsContext)
        isEncrypted = true
        try await hello(allowHELO: false)
    }

    private func authenticate(_ credentials: SMTPCredentials) async throws(MailError) {
        guard isEncrypted || settings.allowInsecureAuth else {
            throw .insecureAuthRefused(server: settings.serverLabel)
        }
        let mechanisms = extensions["AUTH"] ?? []
        if mechanisms.contains("PLAIN") {
            let token = base64("\0\(credentials.username)\0\(credentials.password)")
            try await command("AUTH PLAIN \(token)", loggedAs: "AUTH PLAIN", expecting: [235])
        } else if mechanisms.contains("LOGIN") {
            try await command("AUTH LOGIN", expecting: [334])
            try await command(base64(credentials.username), loggedAs: "AUTH LOGIN (username)", expecting: [334])
            try await command(base64(credentials.password), loggedAs: "AUTH LOGIN (password)", expecting: [235])
        } else {
            throw .authUnavailable(server: settings.serverLabel, offered: mechanisms)
        }
    }

    @discardableResult
    private func command(_ line: String, loggedAs name: String? = nil, expecting codes: Set<Int>) async throws(MailError) -> SMTPReply {
        let reply = try await send(line, loggedAs: name)
        guard codes.contains(reply.code) else {
            throw rejection(name ?? line, reply)
        }
        return reply
    }

    private func send(_ line: String, loggedAs name: String? = nil) async throws(MailError) -> SMTPReply {
        let name = name ?? line
        let reply = try await connection.send(Array("\(line)\r\n".utf8), answering: name)
        logger.debug("SMTP exchange", metadata: ["command": "\(name)", "reply": "\(reply.code) \(reply.text)"])
        return reply
    }

    private func expect(_ code: Int, _ reply: SMTPReply, command: String) throws(MailError) {
        guard reply.code == code else {
            throw rejection(command, reply)
        }
    }

    private func rejection(_ command: String, _ reply: SMTPReply) -> MailError {
        .serverRejected(server: settings.serverLabel, command: command, code: reply.code, text: reply.text)
    }

    private func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
