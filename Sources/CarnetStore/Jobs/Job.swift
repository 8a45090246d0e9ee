import CarnetCore
import Foundation

/// One row of the durable `jobs` table: a kind of work, its JSON payload, when to run it, and how its runs went.
public struct Job: Sendable, Equatable, Encodable {
    public var id: String
    /// What to do: the key of the handler that runs it, e.g. `followups.reminder` or `event:webhooks`.
    public var kind: String
    public var payload: JSONValue
    /// Not run before this instant; after a failure, when the next attempt is due.
    public var runAt: Date
    /// Runs started so far, the current one included: a claim counts one.
    public var attempts: Int
    public var maxAttempts: Int
    public var status: JobStatus
    /// The worker that claimed the job last; kept once it is done or dead.
    public var leaseOwner: String?
    /// Until when the claim holds; after it, another worker may claim the job again.
    public var leaseUntil: Date?
    public var lastError: String?
    public var dedupeKey: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, kind, payload, runAt = "run_at", attempts, maxAttempts = "max_attempts", status, leaseOwner = "lease_owner"
        case leaseUntil = "lease_until", lastError = "last_error", dedupeKey = "dedupe_key", createdAt = "created_at"
        case updatedAt = "updated_at", finishedAt = "finished_at"
    }

    /// Writes every key, `null` included, like the other entities of the API.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(payload, forKey: .payload)
        try c.encode(runAt, forKey: .runAt)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(maxAttempts, forKey: .maxAttempts)
        try c.encode(status, forKey: .status)
        try c.encode(leaseOwner, forKey: .leaseOwner)
        try c.encode(leaseUntil, forKey: .leaseUntil)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(dedupeKey, forKey: .dedupeKey)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
    }
}
