import CarnetCore
import Foundation

/// One request's write, made at most once per `Idempotency-Key` and caller.
///
/// The core routes and the modules' routes both answer writes through it, so every `POST`
/// honours the header the same way: the first answer is stored with the write, in its
/// transaction; the same key again (from a retry, or racing the first) gets that answer back.
public struct IdempotentWrite: Sendable {
    /// The answer of a write, first made or replayed.
    public struct Answer: Sendable {
        public var status: Int
        /// The JSON text of the body.
        public var body: Data
        /// Where the created thing lives, for `Location` (not kept for a replay).
        public var location: String?
        /// Whether this is a stored answer given again.
        public var replayed: Bool
    }

    public let services: Services
    /// The caller (a user id, or `system`): keys are per caller.
    public let actorID: String
    /// The `Idempotency-Key` header, if any.
    public let key: String?
    public let method: String
    public let path: String

    public init(services: Services, actor: Actor, key: String?, method: String, path: String) {
        self.services = services
        actorID = actor.userID ?? "system"
        self.key = key
        self.method = method
        self.path = path
    }

    /// The status stored for an answer that held a secret: its body is not kept.
    static let secretStatus = 0

    /// Runs `body` in one transaction and answers `status` with the JSON it returns (and a
    /// location if it gives one); with a key already used, answers what the first write did.
    ///
    /// An answer holding a `secret` (a new API token, a feed's private address) is not stored,
    /// since secrets are kept only hashed: the key still guards against a second write, and a
    /// repeat gets a 409 saying the secret was shown once.
    public func run(status: Int, secret: Bool = false, _ body: @escaping @Sendable (any SQLConnection) throws -> (Data, String?)) async throws -> Answer {
        let (services, actorID, method, path) = (self.services, self.actorID, self.method, self.path)
        guard let key else {
            let (data, location) = try await services.database.write(body)
            return Answer(status: status, body: data, location: location, replayed: false)
        }
        guard !key.isEmpty, key.count <= 200 else {
            throw CarnetError.validation([FieldError("Idempotency-Key", "must be 1 to 200 characters")])
        }
        if let stored = try await stored(key) { return try replay(stored) }
        do {
            let (data, location) = try await services.database.write { conn in
                let (data, location) = try body(conn)
                try services.idempotency.save(actorID: actorID, key: key, response: StoredResponse(
                    method: method, path: path, status: secret ? Self.secretStatus : status, body: secret ? "" : String(decoding: data, as: UTF8.self)), conn)
                return (data, location)
            }
            return Answer(status: status, body: data, location: location, replayed: false)
        } catch StoreError.uniqueViolation {
            // Another request with this key committed first: its answer is the answer.
            guard let stored = try await stored(key) else { throw CarnetError.invalidState("Conflicting write; try again.") }
            return try replay(stored)
        }
    }

    private func stored(_ key: String) async throws -> StoredResponse? {
        let (services, actorID) = (self.services, self.actorID)
        return try await services.database.read { conn in try services.idempotency.find(actorID: actorID, key: key, conn) }
    }

    private func replay(_ stored: StoredResponse) throws -> Answer {
        guard stored.method == method, stored.path == path else {
            throw CarnetError.validation([FieldError("Idempotency-Key", "was already used for \(stored.method) \(stored.path); use a new key for a new request")])
        }
        guard stored.status != Self.secretStatus else {
            throw CarnetError.invalidState("""
                The request with this Idempotency-Key was already made; its answer held a secret, which is shown only once. \
                If it was lost, revoke what that request created and make a new request with a new key.
                """)
        }
        return Answer(status: stored.status, body: Data(stored.body.utf8), location: nil, replayed: true)
    }
}
