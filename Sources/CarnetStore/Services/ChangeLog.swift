import CarnetCore
import Foundation

/// Writes the outbox event and the audit rows of a change, in the caller's transaction.
public struct ChangeLog: Sendable {
    public let clock: any CarnetClock

    public init(clock: any CarnetClock) {
        self.clock = clock
    }

    /// The insert of one or many events, its SQL built once.
    static let eventsInsert = InsertTarget("events", ["id", "type", "entity_type", "entity_id", "actor_id", "occurred_at", "payload", "origin"])

    /// Appends a domain event to the `events` table (the transactional outbox).
    @discardableResult
    public func event(_ type: String, entity: String, id: String, actor: Actor, payload: JSONValue, _ conn: any SQLConnection) throws -> DomainEvent {
        let now = clock.now
        let event = DomainEvent(id: EntityID.make(IDPrefix.event, at: now), type: type, entityType: entity, entityID: id, actorID: actor.userID,
                                occurredAt: now, payload: payload, origin: actor.plugins)
        try conn.execute(
            "INSERT INTO events (id, type, entity_type, entity_id, actor_id, occurred_at, payload, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(event.id), .text(type), .text(entity), .text(id), .string(actor.userID), .date(now), .json(payload), Self.origin(actor)]
        )
        return event
    }

    /// Appends the `*.created` event of a new row, its payload the row as the API writes it.
    ///
    /// Encodes the row once, straight to the stored text: going through `JSONValue`
    /// would encode, decode and encode again on every create.
    /// Returns that JSON: the API answers a create with the same text.
    @discardableResult
    public func created<Row: Encodable>(_ type: String, entity: String, id: String, row: Row, actor: Actor, _ conn: any SQLConnection) throws -> Data {
        try created(type, entity: entity, rows: [(id, row)], actor: actor, conn)[0]
    }

    /// The `*.created` events of many new rows, in one multi-row statement (`SQLConnection.insert`):
    /// for services that create thousands of rows at once.
    /// Returns each row's JSON, in order.
    @discardableResult
    public func created<Row: Encodable>(_ type: String, entity: String, rows: [(id: String, row: Row)], actor: Actor, _ conn: any SQLConnection) throws -> [Data] {
        let now = clock.now
        let encoder = CarnetJSON.encoder
        var values: [SQLValue] = []
        var payloads: [Data] = []
        values.reserveCapacity(rows.count * 8)
        let origin = Self.origin(actor)
        payloads.reserveCapacity(rows.count)
        for (id, row) in rows {
            let payload = try (row as? any JSONWritable)?.json ?? encoder.encode(row)
            payloads.append(payload)
            values += [.text(EntityID.make(IDPrefix.event, at: now)), .text(type), .text(entity), .text(id), .string(actor.userID), .date(now),
                       .text(String(decoding: payload, as: UTF8.self)), origin]
        }
        try conn.insert(into: Self.eventsInsert, values: values)
        return payloads
    }

    /// Records who changed which field from what to what.
    public func audit(_ changes: [FieldChange], entity: String, id: String, actor: Actor, _ conn: any SQLConnection) throws {
        let now = clock.now
        for change in changes {
            try conn.execute(
                "INSERT INTO audit_log (id, entity_type, entity_id, field, old_value, new_value, actor_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [.text(EntityID.make("aud", at: now)), .text(entity), .text(id), .text(change.field), .json(change.old), .json(change.new), .string(actor.userID), .date(now)]
            )
        }
    }

    /// The events of one entity, oldest first.
    public func events(entity: String, id: String, _ conn: any SQLConnection) throws -> [DomainEvent] {
        try conn.query("SELECT * FROM events WHERE entity_type = ? AND entity_id = ? ORDER BY seq", [.text(entity), .text(id)]).map(Self.event)
    }

    /// Events after a position in the log (`seq`), in the order they were written: what
    /// `GET /api/v1/events` pages through. Returns each event with its position.
    ///
    /// On PostgreSQL two transactions can commit out of `seq` order, so a reader paging
    /// while others write may see an event appear behind its cursor; the outbox
    /// dispatcher therefore works from undispatched rows, not from a cursor.
    public func events(after position: Int64?, type: String?, limit: Int, _ conn: any SQLConnection) throws -> [(position: Int64, event: DomainEvent)] {
        var sql = "SELECT * FROM events WHERE 1 = 1"
        var binds: [SQLValue] = []
        if let position { sql += " AND seq > ?"; binds.append(.integer(position)) }
        if let type { sql += " AND type = ?"; binds.append(.text(type)) }
        sql += " ORDER BY seq LIMIT ?"
        binds.append(.int(limit))
        return try conn.query(sql, binds).map { ($0.int64("seq") ?? 0, Self.event($0)) }
    }

    /// The audit rows of one entity, oldest first.
    public func auditTrail(entity: String, id: String, _ conn: any SQLConnection) throws -> [AuditEntry] {
        try conn.query("SELECT * FROM audit_log WHERE entity_type = ? AND entity_id = ? ORDER BY seq", [.text(entity), .text(id)]).map { row in
            AuditEntry(field: row.string("field") ?? "", old: row.json("old_value", as: JSONValue.self, fallback: .null),
                       new: row.json("new_value", as: JSONValue.self, fallback: .null), actorID: row.string("actor_id"), at: row.date("at") ?? Date(timeIntervalSince1970: 0))
        }
    }

    /// An `events` row as an event.
    public static func event(_ row: SQLRow) -> DomainEvent {
        DomainEvent(id: row.string("id") ?? "", type: row.string("type") ?? "", entityType: row.string("entity_type") ?? "",
                    entityID: row.string("entity_id") ?? "", actorID: row.string("actor_id"),
                    occurredAt: row.date("occurred_at") ?? Date(timeIntervalSince1970: 0),
                    payload: row.json("payload", as: JSONValue.self, fallback: .null),
                    origin: row.string("origin").map { $0.split(separator: ",").map(String.init) } ?? [])
    }

    /// The `origin` column of an event the actor writes: its plugin chain, or NULL.
    private static func origin(_ actor: Actor) -> SQLValue {
        actor.plugins.isEmpty ? .null : .text(actor.plugins.joined(separator: ","))
    }
}

/// One row of the audit log: a field's old and new value, who changed it and when.
public struct AuditEntry: Sendable, Equatable, Encodable {
    public var field: String
    public var old: JSONValue
    public var new: JSONValue
    public var actorID: String?
    public var at: Date

    enum CodingKeys: String, CodingKey {
        case field, old, new, actorID = "actor_id", at
    }

    /// Writes every key, `actor_id: null` included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(field, forKey: .field)
        try c.encode(old, forKey: .old)
        try c.encode(new, forKey: .new)
        try c.encode(actorID, forKey: .actorID)
        try c.encode(at, forKey: .at)
    }
}
