import CarnetCore
import CarnetStore
import Foundation

/// Tickets: create (numbered, SLA scheduled), read, change, archive and list, each change
/// with its events and audit rows.
public struct TicketService: Sendable {
    public let context: ServiceContext
    public let settings: TicketsSettings
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext, settings: TicketsSettings) {
        self.context = context
        self.settings = settings
    }

    /// Creates a ticket with the next number of the year; emits `ticket.created`.
    public func create(_ patch: TicketPatch, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> Ticket {
        try actor.require(.write)
        let now = context.clock.now
        var ticket = Ticket(id: EntityID.make(IDPrefix.ticket, at: now), number: "", subject: "", at: now)
        try ticket.apply(patch, at: now, language: language)
        try ticket.validate(language: language)
        try checkReferences(ticket, previous: nil, language: language, conn)
        ticket.number = try TicketNumbering.next(at: now, in: settings.calendar.timeZone, conn).description
        ticket.schedule(policy: settings.policy, calendar: settings.calendar)
        try conn.insert(into: Ticket.insertTarget, values: ticket.insertBinds)
        try log.created("ticket.created", entity: "ticket", id: ticket.id, row: ticket, actor: actor, conn)
        return ticket
    }

    /// A ticket by id, archived or not; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> Ticket {
        guard let row = try conn.queryOne("SELECT * FROM tickets WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "ticket", id: id)
        }
        return Ticket(row: row)
    }

    /// Applies a patch if the ticket is still at `expectedVersion`: `ticket.updated` with the
    /// changed fields, and `ticket.status_changed` when the status moved.
    public func update(_ id: String, _ patch: TicketPatch, expectedVersion: Int?, actor: Actor, language: Language = .en,
                       _ conn: any SQLConnection) throws -> Ticket {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "ticket", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var ticket = current
        try ticket.apply(patch, at: context.clock.now, language: language)
        try ticket.validate(language: language)
        if ticket.priority != current.priority { ticket.schedule(policy: settings.policy, calendar: settings.calendar) }
        try checkReferences(ticket, previous: current, language: language, conn)
        return try save(ticket, replacing: current, actor: actor, reason: nil, conn)
    }

    /// Archives a ticket: it leaves the lists, keeps its conversation; again is a no-op.
    public func archive(_ id: String, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Ticket {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "ticket", id: id, actual: current.version, expected: expectedVersion)
        guard current.archivedAt == nil else { return current }
        var ticket = current
        ticket.archivedAt = context.clock.now
        return try save(ticket, replacing: current, actor: actor, reason: nil, conn)
    }

    /// Writes `ticket` over `current` with its version bumped, the audit rows and events of
    /// what changed; `reason` (`customer_reply`, `first_reply`) goes with a status change.
    /// 409 if someone else wrote it meanwhile. Nothing changed, nothing written.
    func save(_ changed: Ticket, replacing current: Ticket, actor: Actor, reason: String?, _ conn: any SQLConnection) throws -> Ticket {
        let changes = FieldChange.between(current, changed)
        guard !changes.isEmpty else { return current }
        var ticket = changed
        ticket.version = current.version + 1
        ticket.updatedAt = context.clock.now
        guard try conn.execute(Ticket.updateSQL, ticket.updateBinds(expectedVersion: current.version)) == 1 else {
            throw CarnetError.versionConflict(entity: "ticket", id: ticket.id, expected: current.version, actual: try get(ticket.id, conn).version)
        }
        try log.audit(changes, entity: "ticket", id: ticket.id, actor: actor, conn)
        try log.event("ticket.updated", entity: "ticket", id: ticket.id, actor: actor, payload: FieldChange.payload(changes), conn)
        if ticket.status != current.status {
            try log.event("ticket.status_changed", entity: "ticket", id: ticket.id, actor: actor, payload: .object([
                "number": .string(ticket.number), "from": .string(current.status.rawValue), "to": .string(ticket.status.rawValue),
                "reason": reason.map(JSONValue.string) ?? .null,
            ]), conn)
        }
        return ticket
    }

    /// One page of tickets, newest first (keyset paging on the id).
    public func list(_ query: TicketQuery, _ conn: any SQLConnection) throws -> Page<Ticket> {
        var sql = "SELECT * FROM tickets WHERE archived_at IS \(query.archived ? "NOT NULL" : "NULL")"
        var binds: [SQLValue] = []
        if let status = query.status { sql += " AND status = ?"; binds.append(.text(status.rawValue)) }
        if let assignee = query.assigneeID { sql += " AND assignee_id = ?"; binds.append(.text(assignee)) }
        if let priority = query.priority { sql += " AND priority = ?"; binds.append(.text(priority.rawValue)) }
        if let company = query.companyID { sql += " AND company_id = ?"; binds.append(.text(company)) }
        if let contact = query.contactID { sql += " AND contact_id = ?"; binds.append(.text(contact)) }
        if query.breachingSoon {
            let now = context.clock.now
            sql += " AND pending_due_at >= ? AND pending_due_at < ?"
            binds += [.date(now), .date(now.addingTimeInterval(settings.breachingSoon))]
        }
        if let cursor = query.cursor {
            sql += " AND id < ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(query.limit + 1))
        let rows = try conn.query(sql, binds)
        let items = rows.prefix(query.limit).map(Ticket.init(row:))
        let next = rows.count > query.limit ? items.last : nil
        return Page(items: items, nextCursor: next.map { Cursor.encode([$0.id]) })
    }

    /// Checks the customer links and the assignee that changed.
    private func checkReferences(_ ticket: Ticket, previous: Ticket?, language: Language, _ conn: any SQLConnection) throws {
        var references = References(conn)
        if let assignee = ticket.assigneeID, assignee != previous?.assigneeID,
           try conn.queryOne("SELECT id FROM users WHERE id = ? AND active = 1", [.text(assignee)]) == nil {
            references.errors.append(FieldError("assignee_id", L10n.text("ticket.no_active_user", language, ["id": assignee])))
        }
        if ticket.contactID != previous?.contactID { try references.require(ticket.contactID, in: "contacts", field: "contact_id", entity: "contact") }
        if ticket.companyID != previous?.companyID { try references.require(ticket.companyID, in: "companies", field: "company_id", entity: "company") }
        try references.check()
    }
}
