import CarnetCore
import CarnetStore
import Foundation

/// Gathers what the Today agenda needs for one user, in one read: their open tasks due
/// by the end of today, their open deals with the time of each one's last activity, and
/// their new contacts that nobody has contacted yet.
///
/// Each part reads through an index on the owner or assignee, so its cost follows the
/// user's own open work, not the size of the database.
public struct TodayService: Sendable {
    public let context: ServiceContext
    public let settings: FollowUpsSettings

    public init(context: ServiceContext, settings: FollowUpsSettings) {
        self.context = context
        self.settings = settings
    }

    /// The agenda of `userID` now, its reasons in `language`.
    public func agenda(for userID: String, language: Language, _ conn: any SQLConnection) throws -> TodayAgenda {
        let now = context.clock.now
        let endOfToday = LocalDate(now, in: settings.timeZone).adding(days: 1).instant(hour: 0, minute: 0, in: settings.timeZone)
        let tasks = try conn.query(
            "SELECT * FROM tasks WHERE assignee_id = ? AND status = 'open' AND due_at < ? ORDER BY due_at, id LIMIT ?",
            [.text(userID), .date(endOfToday), .int(Self.limit)]
        ).map(FollowUpTask.init(row:))
        let deals = try conn.query(
            """
            SELECT d.*, (SELECT MAX(a.occurred_at) FROM activities a WHERE a.deal_id = d.id) AS last_activity_at
            FROM deals d WHERE d.owner_id = ? AND d.closed_at IS NULL AND d.archived_at IS NULL ORDER BY d.id LIMIT ?
            """,
            [.text(userID), .int(Self.limit)]
        ).map { AgendaDeal(deal: Deal(row: $0, pipeline: context.pipeline), lastActivityAt: $0.date("last_activity_at")) }
        let leads = try conn.query(
            """
            SELECT c.* FROM contacts c WHERE c.owner_id = ? AND c.archived_at IS NULL AND c.created_at >= ? AND c.created_at <= ?
            AND NOT EXISTS (SELECT 1 FROM activities a WHERE a.contact_id = c.id AND a.kind IN ('call', 'meeting', 'email')) ORDER BY c.created_at, c.id LIMIT ?
            """,
            [.text(userID), .date(now.addingTimeInterval(-settings.leadWindow)), .date(now.addingTimeInterval(-settings.leadResponseTime)), .int(Self.limit)]
        ).map { AgendaLead(contact: Contact(row: $0), contacted: false) }
        return TodayAgenda(tasks: tasks, deals: deals, leads: leads, rules: settings.agendaRules(context.pipeline),
                           now: now, timeZone: settings.timeZone, language: language)
    }

    /// The most rows of each kind the agenda reads: a day's work, not a report.
    static let limit = 500
}
