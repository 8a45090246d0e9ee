import CarnetCore
import CarnetStore
import Foundation

/// The calendar feeds of users: made, listed and revoked by their owner, read by token hash.
///
/// The caller hashes the token (the HTTP layer does it as it does for API tokens); this
/// service never sees a token in clear.
public struct CalendarFeedService: Sendable {
    public let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    /// The most live feeds a user may have: one per calendar app is plenty.
    public static let maxLiveFeeds = 10

    /// Makes a feed for `userID` whose token hashes to `tokenHash`.
    public func create(userID: String, tokenHash: String, _ conn: any SQLConnection) throws -> CalendarFeed {
        let live = try conn.queryOne("SELECT COUNT(*) AS n FROM calendar_feeds WHERE user_id = ? AND revoked_at IS NULL", [.text(userID)])?.int("n") ?? 0
        guard live < Self.maxLiveFeeds else {
            throw CarnetError.invalidState("You already have \(Self.maxLiveFeeds) calendar feeds; revoke one you no longer use first.")
        }
        let now = context.clock.now
        let feed = CalendarFeed(id: EntityID.make("cal", at: now), userID: userID, createdAt: now)
        try conn.execute("INSERT INTO calendar_feeds (id, user_id, token_hash, created_at) VALUES (?, ?, ?, ?)",
                         [.text(feed.id), .text(userID), .text(tokenHash), .date(now)])
        return feed
    }

    /// The feeds of `userID`, newest first, revoked ones included.
    public func list(userID: String, _ conn: any SQLConnection) throws -> [CalendarFeed] {
        try conn.query("SELECT * FROM calendar_feeds WHERE user_id = ? ORDER BY id DESC LIMIT 100", [.text(userID)]).map(Self.feed)
    }

    /// Revokes one of `userID`'s feeds (again is a no-op); 404 when it is not theirs.
    public func revoke(_ id: String, userID: String, _ conn: any SQLConnection) throws -> CalendarFeed {
        try conn.execute("UPDATE calendar_feeds SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                         [.date(context.clock.now), .text(id), .text(userID)])
        guard let row = try conn.queryOne("SELECT * FROM calendar_feeds WHERE id = ? AND user_id = ?", [.text(id), .text(userID)]) else {
            throw CarnetError.notFound(entity: "calendar feed", id: id)
        }
        return Self.feed(row)
    }

    /// The owner of the live feed whose token hashes to `tokenHash` and their open tasks,
    /// nearest first; 404 for an unknown or revoked feed, or an owner no longer active.
    public func tasks(tokenHash: String, users: UserService, _ conn: any SQLConnection) throws -> (User, [FollowUpTask]) {
        guard let row = try conn.queryOne("SELECT user_id FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL", [.text(tokenHash)]),
              let userID = row.string("user_id"), let user = try? users.get(userID, conn), user.active else {
            throw CarnetError.notFound(entity: "calendar feed", id: "this address")
        }
        let tasks = try conn.query(
            "SELECT * FROM tasks WHERE assignee_id = ? AND status = 'open' ORDER BY due_at, id LIMIT ?",
            [.text(userID), .int(TaskCalendar.limit)]
        ).map(FollowUpTask.init(row:))
        return (user, tasks)
    }

    static func feed(_ row: SQLRow) -> CalendarFeed {
        CalendarFeed(id: row.string("id") ?? "", userID: row.string("user_id") ?? "", createdAt: row.date("created_at") ?? .distantPast,
                     revokedAt: row.date("revoked_at"))
    }
}
