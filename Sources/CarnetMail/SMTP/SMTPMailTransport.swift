import Foundation
import Logging
import NIOCore
import NIOPosix

/// Sends each message to an SMTP server (a relay or a provider's submission port).
///
/// It opens one connection per message and closes it afterwards: simple and robust for the
/// volumes of a CRM, at the cost of a TCP and TLS handshake per mail. Nothing is retried here;
/// the caller retries when the thrown ``MailError`` ``MailError/isTransient``. Credentials are
/// never logged and, unless the settings allow it, never sent over an unencrypted connection.
public struct SMTPMailTransport: MailTransport {
    /// Where and how to connect.
    public let settings: SMTPSettings
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let now: @Sendable () -> Date

    /// Creates a transport; `now` gives the `Date` header and `eventLoopGroup` runs the connections.
    public init(
        settings: SMTPSettings,
        logger: Logger,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.now = now
    }

    /// Renders the message and delivers it to every recipient (`to`, `cc` and `bcc`) in one dialogue.
    ///
    /// Returns once the server has accepted the data; throws ``MailError`` otherwise, including
    /// when a single recipient is refused.
    public func send(_ message: MailMessage, messageID: String) async throws(MailError) {
        let data = try message.rendered(date: now(), messageID: messageID)
        try settings.validate()
        let tlsContext = settings.security == .none ? nil : try settings.makeTLSContext()
        var logger = logger
        logger[metadataKey: "smtp.server"] = "\(settings.serverLabel)"
        logger[metadataKey: "mail.message-id"] = "\(messageID)"

        let connection = try await SMTPConnection.connect(
            settings: settings,
            implicitTLS: settings.security == .tls ? tlsContext : nil,
            group: eventLoopGroup
        )
        defer { connection.close() }
        var session = SMTPSession(connection: connection, settings: settings, tlsContext: tlsContext, logger: logger)
        do {
            try await session.deliver(
                from: message.from.address,
                to: message.recipients.map(\.address),
                data: data
            )
        } catch {
            logger.warning("Mail not sent", metadata: ["error": "\(error)", "transient": "\(error.isTransient)"])
            throw error
        }
        logger.info("Mail sent", metadata: ["recipients": "\(message.recipients.count)"])
    }
}
