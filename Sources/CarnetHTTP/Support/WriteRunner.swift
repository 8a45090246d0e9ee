import CarnetCore
import CarnetStore
import Foundation
import HTTPTypes
import Hummingbird

/// Runs a request's write in one transaction and answers it, honouring `Idempotency-Key` on POST.
struct WriteRunner: Sendable {
    let services: Services
    let bodyLimit: Int

    static let idempotencyHeader = HTTPField.Name("Idempotency-Key")!
    static let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

    /// Decodes the body as `T`.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        try await JSONBody.decode(type, from: request, limit: bodyLimit)
    }

    /// Creates something: 201 with `Location`; a repeated `Idempotency-Key` replays the first
    /// answer, unless it holds a `secret`.
    func create<T: Encodable & Identifiable & Sendable>(
        _ request: Request, actor: Actor, collection: String, secret: Bool = false, _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> Response where T.ID == String {
        try await create(request, actor: actor, collection: collection, secret: secret) { conn in
            let value = try body(conn)
            return Created(entity: value, json: try (value as? any JSONWritable)?.json ?? CarnetJSON.encoder.encode(value))
        }
    }

    /// Creates something whose service already encoded it (see `Created`).
    func create<T: Identifiable & Sendable>(
        _ request: Request, actor: Actor, collection: String, secret: Bool = false, _ body: @escaping @Sendable (any SQLConnection) throws -> Created<T>
    ) async throws -> Response where T.ID == String {
        try await run(request, actor: actor, status: .created, secret: secret) { conn in
            let created = try body(conn)
            return (created.json, "/api/v1/\(collection)/\(created.entity.id)")
        }
    }

    /// Runs a write that answers `status` with the JSON it returns, and a `Location` if given.
    /// A `secret` answer (a new token) is never stored for `Idempotency-Key` (see ``IdempotentWrite``).
    func run(_ request: Request, actor: Actor, status: HTTPResponse.Status = .ok, secret: Bool = false,
             _ body: @escaping @Sendable (any SQLConnection) throws -> (Data, String?)) async throws -> Response {
        let write = IdempotentWrite(services: services, actor: actor, key: request.headers[Self.idempotencyHeader],
                                    method: request.method.rawValue, path: request.uri.path)
        let answer = try await write.run(status: Int(status.code), secret: secret, body)
        var headers: HTTPFields = [:]
        if let location = answer.location { headers[.location] = location }
        if answer.replayed { headers[Self.replayedHeader] = "true" }
        return JSONBody.response(data: answer.body, status: .init(code: answer.status), headers: headers)
    }
}

extension WriteRunner {
    /// Runs a write answering 200 with the encoded result.
    func update<T: Encodable & Sendable>(_ request: Request, actor: Actor, _ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> Response {
        try await run(request, actor: actor) { conn in
            let value = try body(conn)
            return (try (value as? any JSONWritable)?.json ?? CarnetJSON.encoder.encode(value), nil)
        }
    }

    /// Runs a read answering 200 with the encoded result, encoded once the read is over.
    func read<T: Encodable & Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> Response {
        let value = try await services.database.read { conn in try body(conn) }
        return JSONBody.response(data: try (value as? any JSONWritable)?.json ?? CarnetJSON.encoder.encode(value))
    }
}
