import CarnetCore
import Foundation

/// A response remembered under an `Idempotency-Key`, replayed when the same key comes again.
public struct StoredResponse: Sendable, Equatable {
    public var method: String
    public var path: String
    public var status: Int
    public var body: String

    public init(method: String, path: String, status: Int, body: String) {
        self.method = method
        self.path = path
        self.status = status
        self.body = body
    }
}

/// Remembers the response of each `POST` sent with an `Idempotency-Key`, per caller.
///
/// The key is saved in the same transaction as the write it protects: two requests
/// racing with one key cannot both write, and the loser replays the winner's response.
public struct IdempotencyService: Sendable {
    public let clock: any CarnetClock

    public init(clock: any CarnetClock) {
        self.clock = clock
    }

    public func find(actorID: String, key: String, _ conn: any SQLConnection) throws -> StoredResponse? {
        try conn.queryOne("SELECT method, path, status, body FROM idempotency_keys WHERE actor_id = ? AND key = ?", [.text(actorID), .text(key)]).map { row in
            StoredResponse(method: row.string("method") ?? "", path: row.string("path") ?? "", status: row.int("status") ?? 200, body: row.string("body") ?? "")
        }
    }

    public func save(actorID: String, key: String, response: StoredResponse, _ conn: any SQLConnection) throws {
        try conn.execute("INSERT INTO idempotency_keys (actor_id, key, method, path, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [.text(actorID), .text(key), .text(response.method), .text(response.path), .int(response.status), .text(response.body), .date(clock.now)])
    }
}
