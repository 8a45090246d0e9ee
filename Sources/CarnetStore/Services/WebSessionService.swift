import CarnetCore
import Foundation

/// A signed-in browser: its user and the CSRF token its forms carry.
public struct WebSession: Sendable {
    public var user: User
    public var csrf: String
    public var expiresAt: Date
}

/// The web pages' sessions, kept by the SHA-256 of their cookie value (the caller hashes),
/// so a copy of the database opens no session. Every instance on the database sees them.
public struct WebSessionService: Sendable {
    public let clock: any CarnetClock

    public init(clock: any CarnetClock) {
        self.clock = clock
    }

    /// Opens a session for `userID` lasting `lifetime`.
    public func create(tokenHash: String, userID: String, csrf: String, lifetime: TimeInterval, _ conn: any SQLConnection) throws {
        let now = clock.now
        try conn.execute("INSERT INTO web_sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                         [.text(tokenHash), .text(userID), .text(csrf), .date(now), .date(now.addingTimeInterval(lifetime))])
    }

    /// The live session with this hash, of an active user.
    public func find(tokenHash: String, _ conn: any SQLConnection) throws -> WebSession? {
        guard let row = try conn.queryOne("""
            SELECT u.*, s.csrf AS session_csrf, s.expires_at AS session_expires_at FROM web_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1
            """, [.text(tokenHash), .date(clock.now)]) else { return nil }
        return WebSession(user: UserService.user(row), csrf: row.string("session_csrf") ?? "", expiresAt: row.date("session_expires_at") ?? clock.now)
    }

    /// Ends one session (signing out).
    public func delete(tokenHash: String, _ conn: any SQLConnection) throws {
        try conn.execute("DELETE FROM web_sessions WHERE token_hash = ?", [.text(tokenHash)])
    }

    /// Ends every session of a user but `keeping` (a password change signs the other browsers out).
    public func deleteAll(userID: String, keeping: String? = nil, _ conn: any SQLConnection) throws {
        try conn.execute("DELETE FROM web_sessions WHERE user_id = ? AND token_hash <> ?", [.text(userID), .text(keeping ?? "")])
    }

    /// Removes the expired sessions; returns how many.
    @discardableResult
    public func prune(_ conn: any SQLConnection) throws -> Int {
        try conn.execute("DELETE FROM web_sessions WHERE expires_at <= ?", [.date(clock.now)])
    }
}
