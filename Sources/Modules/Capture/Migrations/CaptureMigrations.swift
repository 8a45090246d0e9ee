import CarnetCore

/// The schema of the capture module. Append-only: never edit a migration once it has shipped.
enum CaptureMigrations {
    static let all: [Migration] = [
        Migration(1, "capture forms", sql: [
            """
            CREATE TABLE capture_forms (
                id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL, fields TEXT NOT NULL, consent_text TEXT,
                thank_you_text TEXT, redirect_url TEXT, create_deal INTEGER NOT NULL, tags TEXT NOT NULL, version INTEGER NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, archived_at BIGINT)
            """,
        ]),
        Migration(2, "assignment rules", sql: [
            """
            CREATE TABLE capture_rules (
                id TEXT PRIMARY KEY, position INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, regions TEXT NOT NULL,
                countries TEXT NOT NULL, postcode_prefixes TEXT NOT NULL, industries TEXT NOT NULL, owner_id TEXT, user_ids TEXT NOT NULL,
                version INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, archived_at BIGINT)
            """,
            // Intake reads the live rules in order; the list pages through them in the same order.
            "CREATE INDEX capture_rules_order ON capture_rules (position, id) WHERE archived_at IS NULL",
            // Whose turn it is in each round-robin rule: locked and moved in the capturing transaction.
            "CREATE TABLE capture_turns (rule_id TEXT PRIMARY KEY, last_user_id TEXT, updated_at BIGINT NOT NULL)",
        ]),
        Migration(3, "capture submissions", sql: [
            """
            CREATE TABLE capture_submissions (
                id TEXT PRIMARY KEY, form_id TEXT NOT NULL, contact_id TEXT NOT NULL, deal_id TEXT, created INTEGER NOT NULL,
                owner_id TEXT, channel TEXT NOT NULL, submitted_at BIGINT NOT NULL, utm_source TEXT, utm_medium TEXT,
                utm_campaign TEXT, utm_term TEXT, utm_content TEXT, referrer TEXT, answers TEXT NOT NULL)
            """,
            // A form's submissions, newest last; a contact's submissions (its source history).
            "CREATE INDEX capture_submissions_form ON capture_submissions (form_id, submitted_at, id)",
            "CREATE INDEX capture_submissions_contact ON capture_submissions (contact_id, submitted_at)",
        ]),
        // A plugin rule names the plugin and function that pick the owner.
        Migration(4, "plugin assignment rules", sql: [
            "ALTER TABLE capture_rules ADD COLUMN plugin_id TEXT",
            "ALTER TABLE capture_rules ADD COLUMN plugin_function TEXT",
        ]),
    ]
}
