import ServiceLifecycle

/// A background loop of the server (the job worker, the outbox dispatcher) run beside the
/// HTTP server: graceful shutdown cancels the loop, which finishes the work in hand and returns.
///
/// The application's service group stops the HTTP server first, then these.
struct BackgroundService: Service {
    let loop: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown(loop)
    }
}
