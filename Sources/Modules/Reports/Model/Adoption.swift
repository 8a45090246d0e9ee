import CarnetCore
import Foundation

/// How the team uses the CRM, per ISO week and per user: a team table with trends.
public struct Adoption: Sendable, Encodable {
    public var weeks: [AdoptionWeek]
    /// Whether overdue tasks were counted: only when the follow-ups module's tables exist.
    public var tasksCounted: Bool
    public var rows: [AdoptionRow]

    enum CodingKeys: String, CodingKey { case weeks, tasksCounted = "tasks_counted", rows }

    /// One row per week and user.
    var table: ReportTable {
        var table = ReportTable(header: ["week", "user_id", "name", "active", "changes", "records_created", "records_updated", "open_deals",
                                         "open_deals_with_next_action", "next_action_share", "meetings_logged", "median_meeting_delay_hours",
                                         "overdue_tasks"])
        for row in rows {
            table.rows.append([row.week, row.userID, row.name, row.active ? "true" : "false", String(row.changes), String(row.recordsCreated),
                               String(row.recordsUpdated), String(row.openDeals), String(row.openDealsWithNextAction),
                               CSVCell.ratio(row.nextActionShare), String(row.meetingsLogged), CSVCell.ratio(row.medianMeetingDelayHours),
                               CSVCell.int(row.overdueTasks)])
        }
        return table
    }
}

/// One ISO week and how many of the listed users were active in it.
public struct AdoptionWeek: Sendable, Encodable, Equatable {
    public var week: String
    public var start: Date
    /// The next Monday, or now for the current week.
    public var end: Date
    public var activeUsers: Int
    public var users: Int

    enum CodingKeys: String, CodingKey { case week, start, end, activeUsers = "active_users", users }
}

/// One user in one week.
public struct AdoptionRow: Sendable, Encodable, Equatable {
    public var week: String
    public var userID: String
    public var name: String
    /// Whether they changed anything: any event they caused that week.
    public var active = false
    /// Events they caused that week.
    public var changes = 0
    /// Of those, records created (`*.created`) and updated (`*.updated`).
    public var recordsCreated = 0
    public var recordsUpdated = 0
    /// Their deals open at the week's end.
    public var openDeals = 0
    /// Of those, the ones with a dated next action.
    public var openDealsWithNextAction = 0
    public var nextActionShare: Double?
    /// Meetings held that week and logged after they happened.
    public var meetingsLogged = 0
    /// The median hours between such a meeting's time and its logging.
    public var medianMeetingDelayHours: Double?
    /// Their tasks overdue at the week's end; nil when the follow-ups module's tables do not exist.
    public var overdueTasks: Int?

    enum CodingKeys: String, CodingKey {
        case week, userID = "user_id", name, active, changes, recordsCreated = "records_created", recordsUpdated = "records_updated"
        case openDeals = "open_deals", openDealsWithNextAction = "open_deals_with_next_action", nextActionShare = "next_action_share"
        case meetingsLogged = "meetings_logged", medianMeetingDelayHours = "median_meeting_delay_hours", overdueTasks = "overdue_tasks"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(week, forKey: .week)
        try c.encode(userID, forKey: .userID)
        try c.encode(name, forKey: .name)
        try c.encode(active, forKey: .active)
        try c.encode(changes, forKey: .changes)
        try c.encode(recordsCreated, forKey: .recordsCreated)
        try c.encode(recordsUpdated, forKey: .recordsUpdated)
        try c.encode(openDeals, forKey: .openDeals)
        try c.encode(openDealsWithNextAction, forKey: .openDealsWithNextAction)
        try c.encode(nextActionShare, forKey: .nextActionShare)
        try c.encode(meetingsLogged, forKey: .meetingsLogged)
        try c.encode(medianMeetingDelayHours, forKey: .medianMeetingDelayHours)
        try c.encode(overdueTasks, forKey: .overdueTasks)
    }
}
