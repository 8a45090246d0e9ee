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

    /// Creates something: 201 with `Location`; a repeated `Idempotency-Key` replays the first answer.
    func create<T: Encodable & Identifiable & Sendable>(
        _ request: Request, actor: Actor, collection: String, _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> Response where T.ID == String {
        try await create(request, actor: actor, collection: collection) { conn in
            let value = try body(conn)
            return Created(entity: value, json: try (value as? any JSONWritable)?.json ?? CarnetJSON.encoder.encode(value))
        }
    }

    /// Creates something whose service already encoded it (see `Created`).
    func create<T: Identifiable & Sendable>(
        _ request: Request, actor: Actor, collection: String, _ body: @escaping @Sendable (any SQLConnection) throws -> Created<T>
    ) async throws -> Response where T.ID == String {
        try await run(request, actor: actor, status: .created) { conn in
            let created = try body(conn)
            return (created.json, "/api/v1/\(collection)/\(created.entity.id)")
        }
    }

    /// Runs a write that answers `status` with the JSON it returns, and a `Location` if given.
    func run(_ request: Request, actor: Actor, status: HTTPResponse.Status = .ok,
             _ body: @escaping @Sendable (any SQLConnection) throws -> (Data, String?)) async throws -> Response {
        let key = request.headers[Self.idempotencyHeader]
        let actorID = actor.userID ?? "system"
        let method = request.method.rawValue
        let path = request.uri.path
        if let key {
            guard !key.isEmpty, key.count <= 200 else {
                throw CarnetError.validation([FieldError("Idempotency-Key", "must be 1 to 200 characters")])
            }
            if let stored = try await services.database.read({ [services] conn in try services.idempotency.find(actorID: actorID, key: key, conn) }) {
                return try replay(stored, method: method, path: path)
            }
        }
        do {
            let (data, location) = try await services.database.write { [services] conn in
                let (data, location) = try body(conn)
                if let key {
                    try services.idempotency.save(actorID: actorID, key: key, response: StoredResponse(
                        method: method, path: path, status: Int(status.code), body: String(decoding: data, as: UTF8.self)), conn)
                }
                return (data, location)
            }
            var headers: HTTPFields = [:]
            if let location { headers[.location] = location }
            return JSONBody.response(data: data, status: status, headers: headers)
        } catch StoreError.uniqueViolation where key != nil {
            guard let key, let stored = try await services.database.read({ [services] conn in try services.idempotency.find(actorID: actorID, key: key, conn) }) else {
                throw CarnetError.invalidState("Conflicting write; try again.")
            }
            return try replay(stored, method: method, path: path)
        }
    }

    private func replay(_ stored: StoredResponse, method: String, path: String) throws -> Response {
        guard stored.method == method, stored.path == path else {
            throw CarnetError.validation([FieldError("Idempotency-Key", "was already used for \(stored.method) \(stored.path); use a new key for a new request")])
        }
        return JSONBody.response(data: Data(stored.body.utf8), status: .init(code: stored.status), headers: [Self.replayedHeader: "true"])
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
