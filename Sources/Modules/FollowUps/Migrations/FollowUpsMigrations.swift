import CarnetCore

/// The schema of the follow-ups module. Append-only: never edit a migration once it has shipped.
enum FollowUpsMigrations {
    static let all: [Migration] = [
        Migration(1, "tasks", sql: [
            """
            CREATE TABLE tasks (
                id TEXT PRIMARY KEY, title TEXT NOT NULL, due_at BIGINT NOT NULL, contact_id TEXT, deal_id TEXT,
                company_id TEXT, assignee_id TEXT NOT NULL, priority TEXT NOT NULL, status TEXT NOT NULL,
                snoozed_until BIGINT, outcome TEXT, completed_at BIGINT, version INTEGER NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            // Today and the task lists read open tasks by assignee and due time.
            "CREATE INDEX tasks_open_assignee ON tasks (assignee_id, due_at, id) WHERE status = 'open'",
            "CREATE INDEX tasks_open_due ON tasks (due_at, id) WHERE status = 'open'",
            "CREATE INDEX tasks_deal ON tasks (deal_id, due_at, id) WHERE deal_id IS NOT NULL",
            "CREATE INDEX tasks_contact ON tasks (contact_id, due_at, id) WHERE contact_id IS NOT NULL",
            "CREATE INDEX tasks_company ON tasks (company_id, due_at, id) WHERE company_id IS NOT NULL",
        ]),
        Migration(2, "reminders", sql: [
            """
            CREATE TABLE reminders (
                id TEXT PRIMARY KEY, user_id TEXT NOT NULL, kind TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
                title TEXT NOT NULL, data TEXT NOT NULL, dedupe_key TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, read_at BIGINT)
            """,
            // A user's reminders, newest first, and their unread ones.
            "CREATE INDEX reminders_user ON reminders (user_id, id)",
            "CREATE INDEX reminders_unread ON reminders (user_id, id) WHERE read_at IS NULL",
        ]),
        Migration(3, "calendar feeds", sql: [
            """
            CREATE TABLE calendar_feeds (
                id TEXT PRIMARY KEY, user_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, revoked_at BIGINT)
            """,
            "CREATE INDEX calendar_feeds_user ON calendar_feeds (user_id, id)",
        ]),
        Migration(4, "lead reassignments", sql: [
            """
            CREATE TABLE lead_reassignments (
                id TEXT PRIMARY KEY, contact_id TEXT NOT NULL UNIQUE, from_user_id TEXT NOT NULL, to_user_id TEXT NOT NULL,
                created_at BIGINT NOT NULL, undone_at BIGINT, undone_by TEXT)
            """,
        ]),
        Migration(5, "reminders by subject", sql: [
            // The scan skips deals already reminded for the occasion at hand.
            "CREATE INDEX reminders_subject ON reminders (entity_id, kind, created_at)",
        ]),
    ]
}
