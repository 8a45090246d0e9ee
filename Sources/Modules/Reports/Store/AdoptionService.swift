import CarnetCore
import CarnetStore
import Foundation

/// Builds the adoption table: per ISO week and user, what they changed, their open deals with
/// a dated next action, how late they logged their meetings and their overdue tasks.
///
/// Weeks are counted in the database by `(time − first Monday) / 7 days`, one grouped query per
/// figure, whatever the number of users and weeks.
///
/// Open deals at a past week's end: the user's current deals (current owner) created before it
/// and not closed before it; whether one had a dated next action then is read from its current
/// `next_action_at`, as the audit log is not replayed. For the current week both are exact.
struct AdoptionService: Sendable {
    let context: ServiceContext

    func adoption(weeks count: Int, _ filters: ReportFilters, _ conn: any SQLConnection) throws -> Adoption {
        try filters.check(conn)
        let weeks = ReportWeek.last(count, now: context.clock.now)
        let origin = Timestamp.millis(weeks[0].start)
        let boundary = Timestamp.millis(weeks[weeks.count - 1].boundary)
        var userSQL = "SELECT id, name FROM users WHERE active = 1"
        var userBinds: [SQLValue] = []
        if let owner = filters.ownerID { userSQL = "SELECT id, name FROM users WHERE id = ?"; userBinds = [.text(owner)] }
        let users = try conn.query(userSQL + " ORDER BY name, id", userBinds).compactMap { row in
            row.string("id").map { ($0, row.string("name") ?? "") }
        }
        let slot = Dictionary(uniqueKeysWithValues: users.enumerated().map { ($1.0, $0) })
        var rows: [[AdoptionRow]] = weeks.map { week in users.map { AdoptionRow(week: week.label, userID: $0.0, name: $0.1) } }
        let window = AdoptionWindow(origin: origin, boundary: boundary, weeks: weeks.count, ownerID: filters.ownerID)

        for row in try window.events(conn) {
            guard let user = row.string("u").flatMap({ slot[$0] }), let week = window.week(row) else { continue }
            rows[week][user].changes = row.int("n") ?? 0
            rows[week][user].active = rows[week][user].changes > 0
            rows[week][user].recordsCreated = row.int("created") ?? 0
            rows[week][user].recordsUpdated = row.int("updated") ?? 0
        }
        let opened = try window.deals(by: "created_at", pipeline: context.pipeline.key, conn)
        let closed = try window.deals(by: "closed_at", pipeline: context.pipeline.key, conn)
        for (user, index) in slot {
            var open = 0, dated = 0
            for week in -1..<weeks.count {
                open += (opened[user]?[week]?.deals ?? 0) - (closed[user]?[week]?.deals ?? 0)
                dated += (opened[user]?[week]?.dated ?? 0) - (closed[user]?[week]?.dated ?? 0)
                guard week >= 0 else { continue }
                rows[week][index].openDeals = open
                rows[week][index].openDealsWithNextAction = dated
                rows[week][index].nextActionShare = open > 0 ? Double(dated) / Double(open) : nil
            }
        }
        for row in try window.meetings(conn) {
            guard let user = row.string("u").flatMap({ slot[$0] }), let week = window.week(row) else { continue }
            rows[week][user].meetingsLogged = row.int("n") ?? 0
            rows[week][user].medianMeetingDelayHours = row.double("median").map { $0 / 3_600_000 }
        }
        let tasksCounted = try conn.queryOne("SELECT 1 AS found FROM schema_migrations WHERE module = 'followups' AND number = 1", []) != nil
        if tasksCounted {
            for week in rows.indices { for user in rows[week].indices { rows[week][user].overdueTasks = 0 } }
            for row in try window.overdueTasks(ends: weeks.map(\.end), conn) {
                guard let user = row.string("u").flatMap({ slot[$0] }), let week = window.week(row) else { continue }
                rows[week][user].overdueTasks = row.int("n") ?? 0
            }
        }
        let summary = zip(weeks, rows).map { week, users in
            AdoptionWeek(week: week.label, start: week.start, end: week.end, activeUsers: users.filter(\.active).count, users: users.count)
        }
        return Adoption(weeks: summary, tasksCounted: tasksCounted, rows: rows.flatMap { $0 })
    }
}

/// The adoption report's grouped queries over weeks `0..<weeks` from `origin` (milliseconds).
struct AdoptionWindow {
    let origin: Int64
    /// The end of the last week.
    let boundary: Int64
    let weeks: Int
    let ownerID: String?

    static let week: Int64 = 7 * 86_400_000

    /// A row's week index `w`, nil outside the window.
    func week(_ row: SQLRow) -> Int? {
        guard let week = row.int("w"), (0..<weeks).contains(week) else { return nil }
        return week
    }

    private func owner(_ column: String) -> (String, [SQLValue]) {
        ownerID.map { (" AND \(column) = ?", [SQLValue.text($0)]) } ?? ("", [])
    }

    /// Events per actor and week, and how many created or updated a record.
    func events(_ conn: any SQLConnection) throws -> [SQLRow] {
        let (filter, binds) = owner("actor_id")
        return try conn.query("""
            SELECT actor_id AS u, (occurred_at - ?) / \(Self.week) AS w, COUNT(*) AS n,
                   SUM(CASE WHEN type LIKE '%.created' THEN 1 ELSE 0 END) AS created,
                   SUM(CASE WHEN type LIKE '%.updated' THEN 1 ELSE 0 END) AS updated
            FROM events WHERE actor_id IS NOT NULL AND occurred_at >= ? AND occurred_at < ?\(filter)
            GROUP BY 1, 2
            """, [.integer(origin), .integer(origin), .integer(boundary)] + binds)
    }

    /// Deals per owner by the week `column` (`created_at` or `closed_at`) falls in, -1 before
    /// the first: how many, and how many have a dated next action.
    func deals(by column: String, pipeline: String, _ conn: any SQLConnection) throws -> [String: [Int: (deals: Int, dated: Int)]] {
        let (filter, binds) = owner("owner_id")
        let rows = try conn.query("""
            SELECT owner_id AS u, CASE WHEN \(column) < ? THEN -1 ELSE (\(column) - ?) / \(Self.week) END AS w, COUNT(*) AS n,
                   SUM(CASE WHEN next_action_at IS NOT NULL THEN 1 ELSE 0 END) AS dated
            FROM deals
            WHERE owner_id IS NOT NULL AND archived_at IS NULL AND \(column) < ? AND pipeline = ?\(filter)
            GROUP BY 1, 2
            """, [.integer(origin), .integer(origin), .integer(boundary), .text(pipeline)] + binds)
        var counts: [String: [Int: (deals: Int, dated: Int)]] = [:]
        for row in rows {
            guard let user = row.string("u"), let week = row.int("w") else { continue }
            counts[user, default: [:]][week] = (row.int("n") ?? 0, row.int("dated") ?? 0)
        }
        return counts
    }

    /// Meetings held each week and logged after they happened: how many, and the median delay in milliseconds.
    func meetings(_ conn: any SQLConnection) throws -> [SQLRow] {
        let (filter, binds) = owner("user_id")
        let source = """
            SELECT user_id AS u, (occurred_at - ?) / \(Self.week) AS w, created_at - occurred_at AS v FROM activities
            WHERE kind = 'meeting' AND occurred_at >= ? AND occurred_at < ? AND user_id IS NOT NULL AND created_at >= occurred_at\(filter)
            """
        return try conn.query(SQLMedian.query(over: source, groups: ["u", "w"]), [.integer(origin), .integer(origin), .integer(boundary)] + binds)
    }

    /// Tasks overdue at each week's end (`ends`, one per week), per assignee.
    func overdueTasks(ends: [Date], _ conn: any SQLConnection) throws -> [SQLRow] {
        let table = ValuesTable(name: "wk", columns: [("w", "INTEGER"), ("e", "BIGINT")],
                                rows: ends.enumerated().map { [.int($0.offset), .date($0.element)] })
        let (filter, binds) = owner("t.assignee_id")
        return try conn.query("""
            WITH \(table.sql)
            SELECT t.assignee_id AS u, wk.w AS w, COUNT(*) AS n
            FROM wk JOIN tasks t ON t.created_at <= wk.e AND t.due_at < wk.e AND (t.completed_at IS NULL OR t.completed_at > wk.e)
            WHERE 1 = 1\(filter)
            GROUP BY t.assignee_id, wk.w
            """, table.binds + binds)
    }
}
