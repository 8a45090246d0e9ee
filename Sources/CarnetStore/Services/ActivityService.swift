import CarnetCore
import Foundation

/// Filters of `GET /api/v1/activities`: the timeline of a contact, a deal or a company.
public struct ActivityQuery: Sendable {
    public var contactID: String?
    public var dealID: String?
    public var companyID: String?
    public var kind: ActivityKind?
    /// Rows per page, kept within 1...200.
    public var limit = Limits.defaultPageSize {
        didSet { limit = Limits.clampPage(limit) }
    }
    public var cursor: String?

    public init(contactID: String? = nil, dealID: String? = nil, companyID: String? = nil, limit: Int = Limits.defaultPageSize, cursor: String? = nil) {
        self.contactID = contactID
        self.dealID = dealID
        self.companyID = companyID
        self.limit = Limits.clampPage(limit)
        self.cursor = cursor
    }
}

/// Activities: log one, read one, list a timeline (newest first).
public struct ActivityService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext) {
        self.context = context
    }

    public func create(_ input: ActivityInput, actor: Actor, _ conn: any SQLConnection) throws -> Activity {
        try createWithJSON(input, actor: actor, conn).entity
    }

    /// Logs an activity as `create` does; returns it with its JSON, for the API's answer.
    public func createWithJSON(_ input: ActivityInput, actor: Actor, _ conn: any SQLConnection) throws -> Created<Activity> {
        try actor.require(.write)
        let now = context.clock.now
        let activity = input.activity(id: EntityID.make(IDPrefix.activity, at: now), by: actor, at: now)
        try activity.validate()
        _ = try context.hooks.run([EventType.activityLogged], entity: "activity", id: activity.id, record: activity, previous: nil, actor: actor,
                                  allowsFieldChanges: false, conn)
        var references = References(conn)
        try references.require(activity.contactID, in: "contacts", field: "contact_id", entity: "contact")
        try references.require(activity.dealID, in: "deals", field: "deal_id", entity: "deal")
        try references.require(activity.companyID, in: "companies", field: "company_id", entity: "company")
        try references.require(activity.userID, in: "users", field: "user_id", entity: "user")
        try references.check()
        try conn.insert(into: Activity.insertTarget, values: activity.insertBinds)
        let json = try log.created(EventType.activityLogged, entity: "activity", id: activity.id, row: activity, actor: actor, conn)
        return Created(entity: activity, json: json)
    }

    public func get(_ id: String, _ conn: any SQLConnection) throws -> Activity {
        guard let row = try conn.queryOne("SELECT * FROM activities WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "activity", id: id)
        }
        return Self.activity(row)
    }

    /// A timeline, newest first. At least one of contact, deal or company is required.
    public func list(_ query: ActivityQuery, _ conn: any SQLConnection) throws -> Page<Activity> {
        var sql = "SELECT * FROM activities WHERE "
        var binds: [SQLValue] = []
        if let contact = query.contactID { sql += "contact_id = ?"; binds.append(.text(contact)) }
        else if let deal = query.dealID { sql += "deal_id = ?"; binds.append(.text(deal)) }
        else if let company = query.companyID { sql += "company_id = ?"; binds.append(.text(company)) }
        else { throw CarnetError.validation([FieldError("contact_id", "give contact_id, deal_id or company_id to list a timeline")]) }
        if query.contactID != nil, let deal = query.dealID { sql += " AND deal_id = ?"; binds.append(.text(deal)) }
        if let kind = query.kind { sql += " AND kind = ?"; binds.append(.text(kind.rawValue)) }
        if let cursor = query.cursor {
            let values = try Cursor.decode(cursor, count: 2)
            guard let time = Int64(values[0]) else { throw CarnetError.malformed(detail: "The cursor is not one this list returned.", field: "cursor") }
            sql += " AND (occurred_at, id) < (?, ?)"
            binds += [.integer(time), .text(values[1])]
        }
        sql += " ORDER BY occurred_at DESC, id DESC LIMIT ?"
        binds.append(.int(query.limit + 1))
        let rows = try conn.query(sql, binds)
        let items = rows.prefix(query.limit).map(Self.activity)
        let next = rows.count > query.limit ? rows[query.limit - 1] : nil
        return Page(items: items, nextCursor: next.map { Cursor.encode([String($0.int64("occurred_at") ?? 0), $0.string("id") ?? ""]) })
    }

    static func activity(_ row: SQLRow) -> Activity {
        var activity = Activity(id: row.string("id") ?? "", kind: row.string("kind").flatMap(ActivityKind.init(rawValue:)) ?? .note,
                                at: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
        activity.subject = row.string("subject")
        activity.body = row.string("body")
        activity.contactID = row.string("contact_id")
        activity.dealID = row.string("deal_id")
        activity.companyID = row.string("company_id")
        activity.userID = row.string("user_id")
        activity.occurredAt = row.date("occurred_at") ?? activity.createdAt
        activity.durationMinutes = row.int("duration_minutes")
        activity.version = row.int("version") ?? 1
        return activity
    }
}
