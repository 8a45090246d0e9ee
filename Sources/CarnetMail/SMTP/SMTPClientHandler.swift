import NIOCore

/// Hands replies to the one command waiting for them, keeping early ones until asked.
///
/// A reply that arrives before anyone waits (the greeting, or a `421` the server sends before
/// hanging up) is kept and given to the next reader. Once the connection fails, every later read
/// fails the same way. All methods run on the channel's event loop.
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private var replies: [SMTPReply] = []
    private var waiting: EventLoopPromise<SMTPReply>?
    private var failure: (any Error)?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let waiting {
            self.waiting = nil
            waiting.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPConnectionError.closed)
        context.fireChannelInactive()
    }

    /// The next reply, at once if one is kept, else when it arrives.
    func nextReply(on eventLoop: any EventLoop) -> EventLoopFuture<SMTPReply> {
        if !replies.isEmpty {
            return eventLoop.makeSucceededFuture(replies.removeFirst())
        }
        if let failure {
            return eventLoop.makeFailedFuture(failure)
        }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        waiting = promise
        return promise.futureResult
    }

    /// Gives up on the awaited reply and closes the connection, since the dialogue is out of step.
    func timeOut() {
        fail(SMTPConnectionError.timedOut)
        context?.close(promise: nil)
    }

    private func fail(_ error: any Error) {
        if failure == nil {
            failure = error
        }
        if let waiting {
            self.waiting = nil
            waiting.fail(error)
        }
    }
}
