import CarnetCore
import CarnetStore
import Foundation

/// The in-app reminders: the scan that makes them, a user's list, marking them read.
///
/// The scan reads every open deal (with its last activity), the open tasks that fell due in
/// the last `leadWindow`, and the new leads nobody contacted, and lets `ReminderScan` decide;
/// reminders whose occasion was already reminded are skipped by their dedupe key.
public struct ReminderService: Sendable {
    public let context: ServiceContext
    public let settings: FollowUpsSettings

    public init(context: ServiceContext, settings: FollowUpsSettings) {
        self.context = context
        self.settings = settings
    }

    static let columns = ["id", "user_id", "kind", "entity", "entity_id", "title", "data", "dedupe_key", "created_at"]
    /// Rows per insert statement: 9 values each, far below either database's limit.
    static let rowsPerInsert = 500
    /// The most reminders a list returns at once.
    public static let pageLimit = 200

    /// Scans now and stores the new reminders in the caller's transaction; returns how many were added.
    @discardableResult
    public func scan(_ conn: any SQLConnection) throws -> Int {
        let now = context.clock.now
        let pipeline = context.pipeline
        let (candidates, binds) = Self.dealCandidates(settings.rotting, now: now)
        let deals = try conn.query(
            """
            SELECT d.*, (SELECT MAX(a.occurred_at) FROM activities a WHERE a.deal_id = d.id) AS last_activity_at
            FROM deals d WHERE d.closed_at IS NULL AND d.archived_at IS NULL AND d.owner_id IS NOT NULL AND (\(candidates))
            """, binds
        ).map { AgendaDeal(deal: Deal(row: $0, pipeline: pipeline), lastActivityAt: $0.date("last_activity_at")) }
        let tasks = try conn.query(
            """
            SELECT id, title, assignee_id, due_at FROM tasks
            WHERE status = 'open' AND due_at <= ? AND due_at > ? AND (snoozed_until IS NULL OR snoozed_until <= ?)
            """, [.date(now), .date(now.addingTimeInterval(-settings.leadWindow)), .date(now)]
        ).compactMap { row -> ReminderScan.DueTask? in
            guard let id = row.string("id"), let assignee = row.string("assignee_id"), let due = row.date("due_at") else { return nil }
            return ReminderScan.DueTask(id: id, title: row.string("title") ?? "", assigneeID: assignee, dueAt: due)
        }
        let leads = try conn.query(
            """
            SELECT c.id, c.first_name, c.last_name, c.owner_id, c.created_at FROM contacts c
            WHERE c.owner_id IS NOT NULL AND c.archived_at IS NULL AND c.created_at >= ? AND c.created_at <= ?
            AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = c.id AND a.kind IN ('call', 'meeting', 'email'))
            """, [.date(now.addingTimeInterval(-settings.leadWindow)), .date(now.addingTimeInterval(-settings.leadResponseTime))]
        ).compactMap { row -> ReminderScan.Lead? in
            guard let id = row.string("id"), let owner = row.string("owner_id"), let created = row.date("created_at") else { return nil }
            let name = [row.string("first_name"), row.string("last_name")].compactMap { $0 }.joined(separator: " ")
            return ReminderScan.Lead(id: id, name: name, ownerID: owner, createdAt: created)
        }
        var generator = SystemRandomNumberGenerator()
        let reminders = ReminderScan(rules: settings.agendaRules(pipeline), timeZone: settings.timeZone)
            .reminders(deals: deals, tasks: tasks, leads: leads, now: now) { EntityID.make("rem", at: now, using: &generator) }
        return try insert(reminders, conn)
    }

    /// The SQL condition, and its values, that keeps only the open deals that may need a new
    /// reminder: a next action due and not reminded since that date, or a stage with a rotting
    /// limit, no activity, stage move or creation since that many days, and no stale reminder
    /// made since the quiet stretch began. `ReminderScan` then decides on these few instead of
    /// every open deal (measured: 3.1 s for 100,000 deals read whole, see BENCHMARKS.md); it
    /// stays the one place the rules are written, and the dedupe keys the last word.
    static func dealCandidates(_ rotting: RottingRule, now: Date) -> (String, [SQLValue]) {
        var conditions = ["""
            (d.next_action_at <= ? AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.entity_id = d.id \
            AND r.kind = 'deal_next_action_overdue' AND r.created_at >= d.next_action_at))
            """]
        var binds: [SQLValue] = [.date(now)]
        for (stage, days) in rotting.days.sorted(by: { $0.key < $1.key }) {
            let threshold = SQLValue.date(now.addingTimeInterval(-Double(days) * 86_400))
            conditions.append("""
                (d.stage = ? AND d.created_at <= ? AND d.stage_changed_at <= ? \
                AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at > ?) \
                AND NOT EXISTS (SELECT 1 FROM reminders r WHERE r.entity_id = d.id AND r.kind = 'deal_stale' \
                AND r.created_at >= d.created_at AND r.created_at >= d.stage_changed_at \
                AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.deal_id = d.id AND a.occurred_at >= r.created_at)))
                """)
            binds += [.text(stage), threshold, threshold, threshold]
        }
        return (conditions.joined(separator: " OR "), binds)
    }

    /// Inserts reminders in a few multi-row statements, skipping those whose occasion was reminded.
    private func insert(_ reminders: [Reminder], _ conn: any SQLConnection) throws -> Int {
        var added = 0
        var start = reminders.startIndex
        let tuple = "(" + Self.columns.map { _ in "?" }.joined(separator: ", ") + ")"
        while start < reminders.endIndex {
            let batch = reminders[start..<min(start + Self.rowsPerInsert, reminders.endIndex)]
            var values: [SQLValue] = []
            for reminder in batch {
                values += [.text(reminder.id), .text(reminder.userID), .text(reminder.kind.rawValue), .text(reminder.entity),
                           .text(reminder.entityID), .text(reminder.title), .json(reminder.data),
                           .text(reminder.dedupeKey), .date(reminder.createdAt)]
            }
            added += try conn.execute("""
                INSERT INTO reminders (\(Self.columns.joined(separator: ", "))) VALUES \(repeatElement(tuple, count: batch.count).joined(separator: ", "))
                ON CONFLICT (dedupe_key) DO NOTHING
                """, values)
            start = batch.endIndex
        }
        return added
    }

    /// The reminders of `userID`, newest first, only the unread ones when `unread`; `before` is the last id of the previous page.
    public func list(for userID: String, unread: Bool, before: String?, limit: Int, _ conn: any SQLConnection) throws -> [Reminder] {
        var sql = "SELECT * FROM reminders WHERE user_id = ?"
        var binds: [SQLValue] = [.text(userID)]
        if unread { sql += " AND read_at IS NULL" }
        if let before {
            sql += " AND id < ?"
            binds.append(.text(before))
        }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(min(max(limit, 1), Self.pageLimit)))
        return try conn.query(sql, binds).compactMap(Self.reminder)
    }

    /// Marks one of `userID`'s reminders read (again is a no-op); 404 when it is not theirs.
    public func markRead(_ id: String, userID: String, _ conn: any SQLConnection) throws -> Reminder {
        try conn.execute("UPDATE reminders SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL",
                         [.date(context.clock.now), .text(id), .text(userID)])
        guard let row = try conn.queryOne("SELECT * FROM reminders WHERE id = ? AND user_id = ?", [.text(id), .text(userID)]),
              let reminder = Self.reminder(row) else {
            throw CarnetError.notFound(entity: "reminder", id: id)
        }
        return reminder
    }

    /// Marks all of `userID`'s reminders read; returns how many were unread.
    public func markAllRead(userID: String, _ conn: any SQLConnection) throws -> Int {
        try conn.execute("UPDATE reminders SET read_at = ? WHERE user_id = ? AND read_at IS NULL", [.date(context.clock.now), .text(userID)])
    }

    /// A stored reminder; one of a kind this build does not know (written by a newer one) is left out.
    static func reminder(_ row: SQLRow) -> Reminder? {
        guard let kind = row.string("kind").flatMap(ReminderKind.init(rawValue:)) else { return nil }
        return Reminder(id: row.string("id") ?? "", userID: row.string("user_id") ?? "", kind: kind, entity: row.string("entity") ?? "",
                        entityID: row.string("entity_id") ?? "", title: row.string("title") ?? "",
                        data: row.json("data", as: [String: String].self, fallback: [:]),
                        dedupeKey: row.string("dedupe_key") ?? "", createdAt: row.date("created_at") ?? .distantPast, readAt: row.date("read_at"))
    }
}
