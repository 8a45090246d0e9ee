import CarnetCore

/// The schema of the nurturing module. Append-only: never edit a migration once it has shipped.
enum NurturingMigrations {
    static let all: [Migration] = [
        Migration(1, "sequences, enrollments, sequence e-mails", sql: [
            // The trigger's kind and value in columns: an event finds the sequences it enrolls for by index.
            """
            CREATE TABLE nurture_sequences (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL, language TEXT NOT NULL,
                trigger_kind TEXT NOT NULL, trigger_value TEXT, definition_json TEXT NOT NULL, version INTEGER NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX nurture_sequences_name ON nurture_sequences (name)",
            "CREATE INDEX nurture_sequences_trigger ON nurture_sequences (trigger_kind, trigger_value) WHERE status = 'active'",
            // One enrollment per contact and sequence: the unique key makes a repeated trigger enroll nobody twice.
            """
            CREATE TABLE nurture_enrollments (
                id TEXT PRIMARY KEY, sequence_id TEXT NOT NULL, contact_id TEXT NOT NULL, status TEXT NOT NULL, exit_reason TEXT,
                step_index INTEGER NOT NULL, next_at BIGINT, source TEXT NOT NULL, started_at BIGINT NOT NULL, ended_at BIGINT,
                updated_at BIGINT NOT NULL, UNIQUE (sequence_id, contact_id))
            """,
            "CREATE INDEX nurture_enrollments_contact ON nurture_enrollments (contact_id, status)",
            "CREATE INDEX nurture_enrollments_sequence ON nurture_enrollments (sequence_id, status, id)",
            // Whether any enrollment runs: the outbox asks before it gives the module events.
            "CREATE INDEX nurture_enrollments_active ON nurture_enrollments (id) WHERE status = 'active'",
            // One row per e-mail step run: its unique key is what makes a step's e-mail queued once.
            """
            CREATE TABLE nurture_messages (
                id TEXT PRIMARY KEY, enrollment_id TEXT NOT NULL, sequence_id TEXT NOT NULL, step_index INTEGER NOT NULL,
                contact_id TEXT NOT NULL, email TEXT, status TEXT NOT NULL, job_id TEXT, error TEXT, links TEXT NOT NULL,
                opens INTEGER NOT NULL DEFAULT 0, clicks INTEGER NOT NULL DEFAULT 0, opened_at BIGINT, clicked_at BIGINT, unsubscribed_at BIGINT,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (enrollment_id, step_index))
            """,
            "CREATE INDEX nurture_messages_sequence ON nurture_messages (sequence_id, status)",
            "CREATE INDEX nurture_messages_contact ON nurture_messages (contact_id)",
        ]),
    ]
}
