import CarnetCore
import Foundation

extension RouteRequest {
    /// Runs a module route's write in one transaction and answers `status` with what `body`
    /// returns, as the API writes it; honours `Idempotency-Key` like the core routes
    /// (``IdempotentWrite``): the same key again gets the first answer back.
    public func write<T: Encodable & Sendable>(status: Int = 200, _ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> RouteResponse {
        let write = IdempotentWrite(services: carnet, actor: actor, key: headers["idempotency-key"], method: method.rawValue, path: path)
        let answer = try await write.run(status: status) { conn in (try CarnetJSON.encoder.encode(try body(conn)), nil) }
        return RouteResponse(status: answer.status, body: answer.body, headers: answer.replayed ? ["Idempotent-Replayed": "true"] : [:])
    }
}
