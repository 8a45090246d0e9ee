import CarnetCore
import Foundation

/// Webhooks: create, read, change, delete, and their delivery log. Admins only.
///
/// Every change writes its `webhook.*` event and, for an update, its audit rows, with the
/// secret masked in both. A deleted webhook is removed with its delivery log (it is
/// configuration, not customer data, so it is not archived); its queued deliveries then
/// complete without sending.
public struct WebhookService: Sendable {
    public let context: ServiceContext
    public let settings: WebhookSettings
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    static let entity = "webhook"

    public init(context: ServiceContext, settings: WebhookSettings = WebhookSettings()) {
        self.context = context
        self.settings = settings
    }

    /// Creates a webhook; without a `secret`, one is generated. The caller shows the returned
    /// secret once (`Webhook.Revealed`).
    public func create(_ patch: WebhookPatch, actor: Actor, _ conn: any SQLConnection) throws -> Webhook {
        try actor.require(.administer)
        let now = context.clock.now
        var webhook = Webhook(id: EntityID.make(IDPrefix.webhook, at: now), url: "", events: [], secret: patch.secret ?? Webhook.makeSecret(), at: now)
        webhook.createdBy = actor.userID
        webhook.apply(patch)
        try webhook.validate(allowedPorts: settings.allowedPorts)
        try conn.execute("""
            INSERT INTO webhooks (id, url, events, secret, description, active, created_by, created_at, updated_at, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(webhook.id), .text(webhook.url), .json(webhook.events), .text(webhook.secret), .string(webhook.description),
                  .bool(webhook.active), .string(webhook.createdBy), .date(now), .date(now), .int(webhook.version)])
        try log.created(EventType.created(Self.entity), entity: Self.entity, id: webhook.id, row: webhook, actor: actor, conn)
        return webhook
    }

    public func get(_ id: String, _ conn: any SQLConnection) throws -> Webhook {
        guard let row = try conn.queryOne("SELECT * FROM webhooks WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: Self.entity, id: id)
        }
        return Self.webhook(row)
    }

    /// Webhooks newest first, paged by id.
    public func list(limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<Webhook> {
        var sql = "SELECT * FROM webhooks"
        var binds: [SQLValue] = []
        if let cursor { sql += " WHERE id < ?"; binds.append(.text(try Cursor.decode(cursor, count: 1)[0])) }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: Self.webhook, cursor: { [$0.id] })
    }

    /// Applies a patch under optimistic locking; the secret cannot be changed.
    public func update(_ id: String, _ patch: WebhookPatch, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Webhook {
        try actor.require(.administer)
        if patch.secret != nil {
            throw CarnetError.validation([FieldError("secret", "cannot be changed; delete the webhook and create it again to get a new secret")])
        }
        let current = try get(id, conn)
        try requireVersion(entity: Self.entity, id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var webhook = current
        webhook.apply(patch)
        try webhook.validate(allowedPorts: settings.allowedPorts)
        let changes = FieldChange.between(current, webhook)
        guard !changes.isEmpty else { return current }
        webhook.version = current.version + 1
        webhook.updatedAt = context.clock.now
        guard try conn.execute("""
            UPDATE webhooks SET url = ?, events = ?, description = ?, active = ?, updated_at = ?, version = ? WHERE id = ? AND version = ?
            """, [.text(webhook.url), .json(webhook.events), .string(webhook.description), .bool(webhook.active), .date(webhook.updatedAt),
                  .int(webhook.version), .text(id), .int(current.version)]) == 1
        else {
            throw CarnetError.versionConflict(entity: Self.entity, id: id, expected: current.version, actual: try get(id, conn).version)
        }
        try log.audit(changes, entity: Self.entity, id: id, actor: actor, conn)
        try log.event(EventType.updated(Self.entity), entity: Self.entity, id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        return webhook
    }

    /// Deletes a webhook and its delivery log; returns it as it was.
    public func delete(_ id: String, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Webhook {
        try actor.require(.administer)
        let current = try get(id, conn)
        try requireVersion(entity: Self.entity, id: id, actual: current.version, expected: expectedVersion)
        try conn.execute("DELETE FROM webhook_deliveries WHERE webhook_id = ?", [.text(id)])
        try conn.execute("DELETE FROM webhooks WHERE id = ?", [.text(id)])
        try log.event("webhook.deleted", entity: Self.entity, id: id, actor: actor,
                      payload: .object(["url": .string(current.url), "events": .array(current.events.map(JSONValue.string))]), conn)
        return current
    }

    /// A webhook's delivery attempts, newest first, paged by id.
    public func deliveries(_ webhookID: String, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<WebhookDelivery> {
        _ = try get(webhookID, conn)
        var sql = "SELECT * FROM webhook_deliveries WHERE webhook_id = ?"
        var binds: [SQLValue] = [.text(webhookID)]
        if let cursor { sql += " AND id < ?"; binds.append(.text(try Cursor.decode(cursor, count: 1)[0])) }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: WebhookDelivery.init(row:), cursor: { [$0.id] })
    }

    /// The newest delivery attempt of each of these webhooks that has one, by webhook id, in
    /// one query (ids are time-ordered, so the newest is the greatest).
    public func lastDeliveries(_ webhookIDs: [String], _ conn: any SQLConnection) throws -> [String: WebhookDelivery] {
        guard !webhookIDs.isEmpty else { return [:] }
        let rows = try conn.query("""
            SELECT * FROM webhook_deliveries WHERE id IN (SELECT MAX(id) FROM webhook_deliveries
            WHERE webhook_id IN (\(webhookIDs.map { _ in "?" }.joined(separator: ", "))) GROUP BY webhook_id)
            """, webhookIDs.map { .text($0) })
        return Dictionary(rows.map(WebhookDelivery.init(row:)).map { ($0.webhookID, $0) }) { first, _ in first }
    }

    /// Whether any webhook is active.
    public func anyActive(_ conn: any SQLConnection) throws -> Bool {
        try conn.queryOne("SELECT 1 AS found FROM webhooks WHERE active = 1 LIMIT 1", []) != nil
    }

    /// The active webhooks whose patterns match an event of `type`.
    public func subscribed(to type: String, _ conn: any SQLConnection) throws -> [Webhook] {
        guard !WebhookEventPattern.isAboutWebhooks(type) else { return [] }
        return try conn.query("SELECT * FROM webhooks WHERE active = 1 ORDER BY id", []).map(Self.webhook)
            .filter { WebhookEventPattern.matches($0.events, type) }
    }

    /// Appends one attempt to the delivery log.
    public func record(_ delivery: WebhookDelivery, _ conn: any SQLConnection) throws {
        try conn.execute("""
            INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, job_id, attempt, status_code, error, duration_ms, response_excerpt, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(delivery.id), .text(delivery.webhookID), .text(delivery.eventID), .text(delivery.eventType), .text(delivery.jobID),
                  .int(delivery.attempt), .int(delivery.statusCode), .string(delivery.error), .int(delivery.durationMS),
                  .string(delivery.responseExcerpt), .date(delivery.createdAt)])
    }

    static func webhook(_ row: SQLRow) -> Webhook {
        let epoch = Date(timeIntervalSince1970: 0)
        var webhook = Webhook(id: row.string("id") ?? "", url: row.string("url") ?? "", events: row.texts("events"),
                              secret: row.string("secret") ?? "", at: row.date("created_at") ?? epoch)
        webhook.description = row.string("description")
        webhook.active = row.bool("active")
        webhook.createdBy = row.string("created_by")
        webhook.updatedAt = row.date("updated_at") ?? webhook.createdAt
        webhook.version = row.int("version") ?? 1
        return webhook
    }
}
