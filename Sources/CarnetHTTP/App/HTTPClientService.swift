import AsyncHTTPClient
import ServiceLifecycle

/// Owns the server's outgoing HTTP client (webhook deliveries) and shuts it down once the
/// application stops.
///
/// Listed first among the application's services, it is the last one the service group
/// stops: the job worker, whose deliveries use the client, has finished by then.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
