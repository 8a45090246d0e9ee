import CarnetCore
import Foundation

/// A job to enqueue: what `JobQueue.enqueue` takes, one or many at a time.
public struct JobRequest: Sendable, Equatable {
    public var kind: String
    public var payload: JSONValue
    /// When to run it; nil is now.
    public var runAt: Date?
    /// Runs allowed before it is dead-lettered; nil takes the queue's default.
    public var maxAttempts: Int?
    /// At most one job ever holds a given key: enqueueing it again is a no-op, even once the
    /// first job is done, so `digest:usr_1:2026-03-31` is "one digest per user per day".
    public var dedupeKey: String?

    public init(kind: String, payload: JSONValue = .object([:]), runAt: Date? = nil, maxAttempts: Int? = nil, dedupeKey: String? = nil) {
        self.kind = kind
        self.payload = payload
        self.runAt = runAt
        self.maxAttempts = maxAttempts
        self.dedupeKey = dedupeKey
    }

    /// Throws a validation error naming the field that is out of bounds.
    func validate() throws(CarnetError) {
        var errors: [FieldError] = []
        if kind.isEmpty || kind.count > 200 { errors.append(FieldError("kind", "must be 1 to 200 characters")) }
        if let maxAttempts, !(1...1000).contains(maxAttempts) { errors.append(FieldError("max_attempts", "must be from 1 to 1000")) }
        if let dedupeKey, dedupeKey.isEmpty || dedupeKey.count > 500 { errors.append(FieldError("dedupe_key", "must be 1 to 500 characters")) }
        if !errors.isEmpty { throw .validation(errors) }
    }
}
