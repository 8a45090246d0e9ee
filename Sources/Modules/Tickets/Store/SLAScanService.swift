import CarnetCore
import CarnetStore
import Foundation

/// Finds the tickets whose SLA target passed unmet and fires `ticket.sla_breached` once per
/// breach, from a recurring job on the injected clock.
///
/// A breach is marked by setting `first_response_breached_at` or `resolution_breached_at`
/// with a guarded update (`... IS NULL`), in the transaction that writes the event: however
/// many runs or instances see the same ticket, exactly one event is written. Marking does
/// not bump the ticket's version, so an operator's edit in progress is not refused for it.
public struct SLAScanService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// The most breaches one run reports per target; the next run takes the rest.
    static let batch = 500

    /// Reports the breaches due now in the caller's transaction; returns how many.
    @discardableResult
    public func scan(_ conn: any SQLConnection) throws -> Int {
        let now = context.clock.now
        var fired = 0
        let active = "status IN ('new', 'open', 'waiting_on_customer') AND archived_at IS NULL"
        let targets: [(SLATarget, due: String, met: String, breached: String)] = [
            (.firstResponse, "first_response_due_at", "first_responded_at", "first_response_breached_at"),
            (.resolution, "resolution_due_at", "resolved_at", "resolution_breached_at"),
        ]
        for (target, due, met, breached) in targets {
            let rows = try conn.query("""
                SELECT * FROM tickets WHERE \(met) IS NULL AND \(breached) IS NULL AND \(due) <= ? AND \(active) ORDER BY \(due), id LIMIT ?
                """, [.date(now), .int(Self.batch)])
            for ticket in rows.map(Ticket.init(row:)) {
                guard try conn.execute("UPDATE tickets SET \(breached) = ? WHERE id = ? AND \(breached) IS NULL", [.date(now), .text(ticket.id)]) == 1 else {
                    continue
                }
                let dueAt = target == .firstResponse ? ticket.firstResponseDueAt : ticket.resolutionDueAt
                try log.event("ticket.sla_breached", entity: "ticket", id: ticket.id, actor: .system, payload: .object([
                    "number": .string(ticket.number), "target": .string(target.rawValue), "priority": .string(ticket.priority.rawValue),
                    "due_at": dueAt.map { .string(Timestamp.format($0)) } ?? .null, "assignee_id": ticket.assigneeID.map(JSONValue.string) ?? .null,
                ]), conn)
                fired += 1
            }
        }
        return fired
    }
}
