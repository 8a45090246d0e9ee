import CarnetCore

/// Something that reacts to events after they are committed: a Swift module's after-handler,
/// the Lua after-hooks, the webhooks. Each matching event becomes one job `event:<id>` for it.
///
/// Runs at least once per event, with the event's effects on the database applied exactly once
/// (see `JobHandler`); a subscriber that calls out (mail, webhooks) must be idempotent by event id.
public struct OutboxSubscriber: Sendable {
    /// Stable: it is part of the job kind and of the dedupe key of every job made for it.
    public let id: String
    /// Event types it wants: `contact.created`, `deal.*` (every `deal.` type), or `*` (all).
    public let eventTypes: [String]
    /// Gets the event, the job carrying it, and the transaction the job completes in.
    public let handle: @Sendable (DomainEvent, Job, any SQLConnection) throws -> Void
    /// Whether anything listens now (an active webhook, say), asked once per dispatched batch;
    /// while it says no, the subscriber gets no jobs and misses those events, as one added
    /// later misses the events before it. Nil always listens.
    public let listening: (@Sendable (any SQLConnection) throws -> Bool)?

    public init(id: String, eventTypes: [String], listening: (@Sendable (any SQLConnection) throws -> Bool)? = nil,
                handle: @escaping @Sendable (DomainEvent, Job, any SQLConnection) throws -> Void) {
        self.id = id
        self.eventTypes = eventTypes
        self.listening = listening
        self.handle = handle
    }

    /// The kind of the jobs made for this subscriber.
    public var jobKind: String { "event:\(id)" }

    /// Whether it wants events of `type`.
    public func wants(_ type: String) -> Bool {
        eventTypes.contains { pattern in
            if pattern == "*" { return true }
            if pattern.hasSuffix(".*") { return type.hasPrefix(pattern.dropLast()) }
            return pattern == type
        }
    }

    /// The handler the job worker runs for this subscriber: loads the event and calls `handle`.
    public var jobHandler: JobHandler {
        JobHandler(kind: jobKind) { job, conn in
            guard case .object(let payload) = job.payload, case .string(let eventID)? = payload[OutboxDispatcher.eventKey] else {
                throw CarnetError.malformed(detail: "The job \(job.id) carries no \(OutboxDispatcher.eventKey).", field: "payload")
            }
            guard let row = try conn.queryOne("SELECT * FROM events WHERE id = ?", [.text(eventID)]) else {
                throw CarnetError.notFound(entity: "event", id: eventID)
            }
            try handle(ChangeLog.event(row), job, conn)
        }
    }
}
