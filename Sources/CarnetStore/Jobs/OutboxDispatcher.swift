import CarnetCore
import Foundation
import Logging

/// Turns committed events into jobs: one per subscriber that wants the event, kind
/// `event:<subscriber>`, payload `{"event_id": ...}`, then marks the events dispatched.
///
/// Works from the rows whose `dispatched_at` is null, not from a position in the log: on
/// PostgreSQL transactions commit out of `seq` order, and a cursor would step over an event
/// that commits late. Each job's dedupe key is `event:<subscriber>:<event id>`, so dispatching
/// an event twice (two instances, or a crash between the two steps) makes no second job. An
/// event that no subscriber wants is marked dispatched all the same: a subscriber added later
/// gets the events from then on, not the history.
public struct OutboxDispatcher: Sendable {
    public let queue: JobQueue
    public let subscribers: [OutboxSubscriber]

    static let eventKey = "event_id"

    public init(queue: JobQueue, subscribers: [OutboxSubscriber]) {
        self.queue = queue
        self.subscribers = subscribers
    }

    /// Dispatches up to `limit` undispatched events, oldest first, in the caller's transaction;
    /// returns how many events it dispatched. On PostgreSQL it skips the events another
    /// instance is dispatching at the same moment.
    @discardableResult
    public func dispatch(limit: Int, _ conn: any SQLConnection) throws -> Int {
        let events = try conn.query(
            "SELECT seq, id, type FROM events WHERE dispatched_at IS NULL ORDER BY seq LIMIT ?\(conn.dialect.skipLocked)", [.int(limit)]
        )
        guard !events.isEmpty else { return 0 }
        let listening = try subscribers.filter { subscriber in try subscriber.listening?(conn) ?? true }
        var requests: [JobRequest] = []
        for event in events {
            guard let id = event.string("id"), let type = event.string("type") else { continue }
            for subscriber in listening where subscriber.wants(type) {
                requests.append(JobRequest(kind: subscriber.jobKind, payload: .object([Self.eventKey: .string(id)]),
                                           dedupeKey: "\(subscriber.jobKind):\(id)"))
            }
        }
        try queue.enqueue(requests, conn)
        try conn.execute(
            "UPDATE events SET dispatched_at = ? WHERE seq IN (\(events.map { _ in "?" }.joined(separator: ", ")))",
            [.date(queue.clock.now)] + events.map { .int($0.int64("seq")) }
        )
        return events.count
    }

    /// Whether events wait to be dispatched: a read that spares an idle dispatcher a write.
    public func hasPending(_ conn: any SQLConnection) throws -> Bool {
        try conn.queryOne("SELECT 1 AS pending FROM events WHERE dispatched_at IS NULL LIMIT 1", []) != nil
    }

    /// Dispatches in batches of `settings.batchSize` until its task is cancelled; calls
    /// `dispatched` after each batch (to wake the worker).
    public func run(database: any Database, settings: JobSettings, logger: Logger, dispatched: @escaping @Sendable () -> Void) async {
        let dispatcher = self
        await PollingLoop(interval: settings.pollInterval, signal: WakeSignal()).run {
            do {
                guard try await database.read({ conn in try dispatcher.hasPending(conn) }) else { return false }
                let count = try await database.write { conn in try dispatcher.dispatch(limit: settings.batchSize, conn) }
                if count > 0 { dispatched() }
                return count == settings.batchSize
            } catch {
                logger.error("outbox dispatcher: \(error)")
                return false
            }
        }
    }
}
