import CarnetCore
import CarnetStore
import Foundation

/// Saved replies: written by managers and admins, searched by title prefix while an
/// operator types, archived rather than deleted. Each change with its event and audit rows.
public struct SavedReplyService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// Creates a saved reply; its merge fields are checked (422 naming `body`).
    public func create(_ patch: SavedReplyPatch, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> SavedReply {
        try actor.require(.manage)
        let now = context.clock.now
        var reply = SavedReply(id: EntityID.make(IDPrefix.savedReply, at: now), title: "", body: "", at: now)
        reply.apply(patch)
        try reply.validate(language: language)
        try conn.execute("""
            INSERT INTO ticket_replies (id, title, title_key, body, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(reply.id), .text(reply.title), .text(SearchKey.fold(reply.title)), .text(reply.body), .int(reply.version),
                  .date(reply.createdAt), .date(reply.updatedAt)])
        try log.created("ticket_reply.created", entity: "ticket_reply", id: reply.id, row: reply, actor: actor, conn)
        return reply
    }

    /// A saved reply by id, archived or not; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> SavedReply {
        guard let row = try conn.queryOne("SELECT * FROM ticket_replies WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "saved reply", id: id)
        }
        return SavedReply(row: row)
    }

    /// Changes the title or text if the reply is still at `expectedVersion`.
    public func update(_ id: String, _ patch: SavedReplyPatch, expectedVersion: Int?, actor: Actor, language: Language = .en,
                       _ conn: any SQLConnection) throws -> SavedReply {
        try actor.require(.manage)
        let current = try get(id, conn)
        try requireVersion(entity: "saved reply", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var reply = current
        reply.apply(patch)
        try reply.validate(language: language)
        return try save(reply, replacing: current, event: "ticket_reply.updated", actor: actor, conn)
    }

    /// Archives a saved reply: it leaves the search; again is a no-op.
    public func archive(_ id: String, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> SavedReply {
        try actor.require(.manage)
        let current = try get(id, conn)
        try requireVersion(entity: "saved reply", id: id, actual: current.version, expected: expectedVersion)
        guard current.archivedAt == nil else { return current }
        var reply = current
        reply.archivedAt = context.clock.now
        return try save(reply, replacing: current, event: "ticket_reply.archived", actor: actor, conn)
    }

    /// Live saved replies whose title starts with `prefix` (accents and case ignored), by title.
    public func search(prefix: String?, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<SavedReply> {
        var sql = "SELECT * FROM ticket_replies WHERE archived_at IS NULL"
        var binds: [SQLValue] = []
        if let prefix = prefix.map(SearchKey.fold), !prefix.isEmpty {
            sql += " AND title_key >= ? AND title_key < ?"
            binds += [.text(prefix), .text(SearchKey.upperBound(ofPrefix: prefix))]
        }
        if let cursor {
            let values = try Cursor.decode(cursor, count: 2)
            sql += " AND (title_key > ? OR (title_key = ? AND id > ?))"
            binds += [.text(values[0]), .text(values[0]), .text(values[1])]
        }
        sql += " ORDER BY title_key, id LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: SavedReply.init(row:), cursor: { [SearchKey.fold($0.title), $0.id] })
    }

    private func save(_ changed: SavedReply, replacing current: SavedReply, event: String, actor: Actor, _ conn: any SQLConnection) throws -> SavedReply {
        let changes = FieldChange.between(current, changed)
        guard !changes.isEmpty else { return current }
        var reply = changed
        reply.version = current.version + 1
        reply.updatedAt = context.clock.now
        guard try conn.execute("""
            UPDATE ticket_replies SET title = ?, title_key = ?, body = ?, version = ?, updated_at = ?, archived_at = ? WHERE id = ? AND version = ?
            """, [.text(reply.title), .text(SearchKey.fold(reply.title)), .text(reply.body), .int(reply.version), .date(reply.updatedAt),
                  .date(reply.archivedAt), .text(reply.id), .int(current.version)]) == 1 else {
            throw CarnetError.versionConflict(entity: "saved reply", id: reply.id, expected: current.version, actual: try get(reply.id, conn).version)
        }
        try log.audit(changes, entity: "ticket_reply", id: reply.id, actor: actor, conn)
        try log.event(event, entity: "ticket_reply", id: reply.id, actor: actor, payload: FieldChange.payload(changes), conn)
        return reply
    }
}
