import CarnetCore
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (or TLS) connection to an SMTP server, speaking in commands and replies.
///
/// Every read is bounded by the command timeout; when it passes, the connection is closed, since
/// a late reply would be taken for the answer to the next command. Writes are not awaited on their
/// own: a write that cannot complete shows up as a closed connection or a timeout on the reply.
struct SMTPConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPClientHandler>
    private let settings: SMTPSettings

    /// Opens the connection, with TLS from the start when `tlsContext` is given for implicit TLS.
    static func connect(
        settings: SMTPSettings,
        implicitTLS: NIOSSLContext?,
        group: any EventLoopGroup
    ) async throws(MailError) -> SMTPConnection {
        let serverHostname = settings.tlsServerHostname
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(settings.connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname)
                        )
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPClientHandler())
                }
            }
        do {
            let channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self), eventLoop: channel.eventLoop)
            }.get()
            return SMTPConnection(channel: channel, handler: handler, settings: settings)
        } catch ChannelError.connectTimeout(_) {
            throw .timeout(server: settings.serverLabel, command: "connect", seconds: settings.connectTimeout.seconds)
        } catch {
            throw .connectionFailed(server: settings.serverLabel, reason: String(describing: error))
        }
    }

    /// Reads the next reply; `command` names what it answers in errors.
    func readReply(answering command: String) async throws(MailError) -> SMTPReply {
        let timeout = TimeAmount(settings.commandTimeout)
        let handler = handler
        let eventLoop = channel.eventLoop
        let future = eventLoop.flatSubmit {
            let reply = handler.value.nextReply(on: eventLoop)
            let timer = eventLoop.scheduleTask(in: timeout) {
                handler.value.timeOut()
            }
            reply.whenComplete { _ in timer.cancel() }
            return reply
        }
        do {
            return try await future.get()
        } catch {
            throw mailError(error, command: command)
        }
    }

    /// Sends raw bytes, a command line with its CRLF or the message data, and reads the reply.
    func send(_ bytes: [UInt8], answering command: String) async throws(MailError) -> SMTPReply {
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes), promise: nil)
        return try await readReply(answering: command)
    }

    /// Inserts TLS below the SMTP handlers, after the server accepted STARTTLS.
    ///
    /// The handshake runs when the next command is written; its failure fails that command's read.
    func startTLS(context: NIOSSLContext) async throws(MailError) {
        let channel = channel
        let serverHostname = settings.tlsServerHostname
        do {
            try await channel.eventLoop.submit {
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            }.get()
        } catch {
            throw .tlsFailed(server: settings.serverLabel, reason: String(describing: error))
        }
    }

    /// Closes the connection without waiting for the server.
    func close() {
        channel.close(mode: .all, promise: nil)
    }

    private func mailError(_ error: any Error, command: String) -> MailError {
        let server = settings.serverLabel
        switch error {
        case SMTPConnectionError.timedOut:
            return .timeout(server: server, command: command, seconds: settings.commandTimeout.seconds)
        case SMTPConnectionError.malformedReply(let line):
            return .malformedReply(server: server, command: command, line: line)
        case is NIOSSLError, is BoringSSLError, is NIOSSLExtraError:
            return .tlsFailed(server: server, reason: String(describing: error))
        default:
            return .connectionClosed(server: server, command: command)
        }
    }
}
