import CarnetCore

/// The schema of the tickets module. Append-only: never edit a migration once it has shipped.
enum TicketsMigrations {
    static let all: [Migration] = [
        Migration(1, "tickets", sql: [
            """
            CREATE TABLE tickets (
                id TEXT PRIMARY KEY, number TEXT NOT NULL UNIQUE, subject TEXT NOT NULL, description TEXT NOT NULL,
                contact_id TEXT, company_id TEXT, order_id TEXT, invoice_id TEXT, product_id TEXT, channel TEXT NOT NULL,
                category TEXT, priority TEXT NOT NULL, status TEXT NOT NULL, assignee_id TEXT,
                first_response_due_at BIGINT, resolution_due_at BIGINT, first_responded_at BIGINT, resolved_at BIGINT, closed_at BIGINT,
                first_response_breached_at BIGINT, resolution_breached_at BIGINT, pending_due_at BIGINT,
                version INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, archived_at BIGINT)
            """,
            // The queues read live tickets newest first, by assignee, status, customer or closeness to breach.
            "CREATE INDEX tickets_assignee ON tickets (assignee_id, id) WHERE archived_at IS NULL",
            "CREATE INDEX tickets_status ON tickets (status, id) WHERE archived_at IS NULL",
            "CREATE INDEX tickets_contact ON tickets (contact_id, id) WHERE contact_id IS NOT NULL",
            "CREATE INDEX tickets_company ON tickets (company_id, id) WHERE company_id IS NOT NULL",
            "CREATE INDEX tickets_pending_due ON tickets (pending_due_at) WHERE pending_due_at IS NOT NULL",
            // The SLA scan reads only the tickets whose target is unmet and not yet reported.
            "CREATE INDEX tickets_first_response_open ON tickets (first_response_due_at) WHERE first_responded_at IS NULL AND first_response_breached_at IS NULL",
            "CREATE INDEX tickets_resolution_open ON tickets (resolution_due_at) WHERE resolved_at IS NULL AND resolution_breached_at IS NULL",
            // One row per year: the last number given. Taken with an upsert in the creating transaction.
            "CREATE TABLE ticket_counters (year INTEGER PRIMARY KEY, last_number INTEGER NOT NULL)",
        ]),
        Migration(2, "ticket messages", sql: [
            """
            CREATE TABLE ticket_messages (
                id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, kind TEXT NOT NULL, author_id TEXT, from_address TEXT, subject TEXT,
                body TEXT NOT NULL, message_id TEXT, in_reply_to TEXT, automatic INTEGER NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id)",
            // Threading finds a ticket by the Message-ID of a mail it sent or received; the same mail twice is stored once.
            "CREATE UNIQUE INDEX ticket_messages_message_id ON ticket_messages (message_id) WHERE message_id IS NOT NULL",
        ]),
        Migration(3, "saved replies", sql: [
            """
            CREATE TABLE ticket_replies (
                id TEXT PRIMARY KEY, title TEXT NOT NULL, title_key TEXT NOT NULL, body TEXT NOT NULL, version INTEGER NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, archived_at BIGINT)
            """,
            // Search while typing: a range scan on the folded title.
            "CREATE INDEX ticket_replies_title ON ticket_replies (title_key, id) WHERE archived_at IS NULL",
        ]),
        Migration(4, "satisfaction surveys", sql: [
            "ALTER TABLE tickets ADD COLUMN satisfaction_score INTEGER",
            "ALTER TABLE tickets ADD COLUMN satisfaction_comment TEXT",
            "ALTER TABLE tickets ADD COLUMN rated_at BIGINT",
            // One row per survey sent; the link's token is stored hashed and answers once.
            """
            CREATE TABLE ticket_surveys (
                id TEXT PRIMARY KEY, ticket_id TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, event_id TEXT NOT NULL UNIQUE,
                sent_at BIGINT NOT NULL, rated_at BIGINT, score INTEGER, comment TEXT)
            """,
            "CREATE INDEX ticket_surveys_ticket ON ticket_surveys (ticket_id, id)",
        ]),
    ]
}
