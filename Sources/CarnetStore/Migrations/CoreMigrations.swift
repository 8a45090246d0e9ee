import CarnetCore

/// The core's schema. Append-only: never edit a migration once it has shipped.
///
/// Conventions: ids are TEXT; timestamps BIGINT milliseconds UTC; dates TEXT
/// `YYYY-MM-DD`; booleans INTEGER 0/1; lists and custom fields JSON TEXT. Search keys
/// (`*_key`) hold folded text and use the "C" collation on PostgreSQL so that prefix
/// range scans use the index. `events` and `audit_log` carry a `seq` so rows written in
/// one transaction (or one millisecond) keep the order they were written in.
///
/// Indexes on optional columns leave out the rows where the column is NULL: no query looks
/// those rows up through the index, and every index entry costs on each insert (a bulk
/// import of contacts spends most of its database time in secondary indexes). A query can
/// use such an index only if its WHERE implies the index's: `column = ?`, `column >= ?` and
/// `column IN (...)` imply `column IS NOT NULL` on both databases.
public enum CoreMigrations {
    public static let module = "core"

    public static let all: [Migration] = [
        Migration(1, "users, tokens, contacts, companies, deals, activities, events, audit") { dialect in
            let key = dialect == .postgres ? "TEXT COLLATE \"C\"" : "TEXT"
            let sequence = dialect == .postgres ? "seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY" : "seq INTEGER PRIMARY KEY AUTOINCREMENT"
            let withoutRowID = dialect == .sqlite ? " WITHOUT ROWID" : ""
            return [
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY, email TEXT NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL,
                    password_hash TEXT, active INTEGER NOT NULL DEFAULT 1, locale TEXT NOT NULL DEFAULT 'en',
                    version INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE UNIQUE INDEX users_email ON users (email)",
                """
                CREATE TABLE api_tokens (
                    id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id), name TEXT NOT NULL,
                    token_hash TEXT NOT NULL, created_at BIGINT NOT NULL, last_used_at BIGINT, revoked_at BIGINT)
                """,
                "CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (token_hash)",
                "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
                """
                CREATE TABLE companies (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_key \(key) NOT NULL, industry TEXT, size INTEGER,
                    annual_revenue BIGINT, currency TEXT, region TEXT, country TEXT, website TEXT, owner_id TEXT,
                    custom_fields TEXT NOT NULL DEFAULT '{}', version INTEGER NOT NULL,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, archived_at BIGINT)
                """,
                "CREATE INDEX companies_name ON companies (name_key, id) WHERE archived_at IS NULL",
                """
                CREATE TABLE contacts (
                    id TEXT PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT,
                    emails TEXT NOT NULL DEFAULT '[]', phones TEXT NOT NULL DEFAULT '[]', title TEXT, company_id TEXT,
                    street TEXT, postcode TEXT, city TEXT, region TEXT, country TEXT, source TEXT, external_ref TEXT,
                    tags TEXT NOT NULL DEFAULT '[]', owner_id TEXT, email_opt_in INTEGER NOT NULL DEFAULT 0,
                    do_not_email INTEGER NOT NULL DEFAULT 0, custom_fields TEXT NOT NULL DEFAULT '{}',
                    sort_key \(key) NOT NULL, first_key \(key), email_key \(key), company_key \(key),
                    version INTEGER NOT NULL, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, archived_at BIGINT)
                """,
                "CREATE INDEX contacts_sort ON contacts (sort_key, id) WHERE archived_at IS NULL",
                "CREATE INDEX contacts_first ON contacts (first_key, id) WHERE first_key IS NOT NULL AND archived_at IS NULL",
                "CREATE INDEX contacts_email ON contacts (email_key, id) WHERE email_key IS NOT NULL AND archived_at IS NULL",
                "CREATE INDEX contacts_company_name ON contacts (company_key, id) WHERE company_key IS NOT NULL AND archived_at IS NULL",
                "CREATE INDEX contacts_company ON contacts (company_id) WHERE company_id IS NOT NULL",
                // Keeps sort_key: a list filtered by owner reads its page in order instead of sorting all the owner's contacts.
                "CREATE INDEX contacts_owner ON contacts (owner_id, sort_key, id) WHERE owner_id IS NOT NULL",
                "CREATE INDEX contacts_external_ref ON contacts (external_ref) WHERE external_ref IS NOT NULL",
                "CREATE INDEX contacts_archived ON contacts (archived_at, id) WHERE archived_at IS NOT NULL",
                // WITHOUT ROWID on SQLite: the primary key is the table, one B-tree less to write per tag.
                "CREATE TABLE contact_tags (tag \(key) NOT NULL, contact_id TEXT NOT NULL, PRIMARY KEY (tag, contact_id))\(withoutRowID)",
                "CREATE INDEX contact_tags_contact ON contact_tags (contact_id)",
                """
                CREATE TABLE deals (
                    id TEXT PRIMARY KEY, title TEXT NOT NULL, title_key \(key) NOT NULL, contact_id TEXT, company_id TEXT,
                    owner_id TEXT, amount BIGINT, currency TEXT NOT NULL, pipeline TEXT NOT NULL, stage TEXT NOT NULL,
                    probability INTEGER NOT NULL, probability_override INTEGER, expected_close TEXT,
                    next_action TEXT, next_action_at BIGINT, lost_reason TEXT, custom_fields TEXT NOT NULL DEFAULT '{}',
                    stage_changed_at BIGINT NOT NULL, closed_at BIGINT, version INTEGER NOT NULL,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, archived_at BIGINT)
                """,
                "CREATE INDEX deals_stage ON deals (pipeline, stage, id) WHERE archived_at IS NULL",
                "CREATE INDEX deals_title ON deals (title_key, id) WHERE archived_at IS NULL",
                "CREATE INDEX deals_contact ON deals (contact_id)",
                "CREATE INDEX deals_company ON deals (company_id)",
                "CREATE INDEX deals_owner ON deals (owner_id, id)",
                "CREATE INDEX deals_next_action ON deals (next_action_at) WHERE closed_at IS NULL AND archived_at IS NULL",
                """
                CREATE TABLE deal_stage_history (
                    id TEXT PRIMARY KEY, deal_id TEXT NOT NULL, from_stage TEXT, to_stage TEXT NOT NULL,
                    actor_id TEXT, at BIGINT NOT NULL)
                """,
                "CREATE INDEX deal_stage_history_deal ON deal_stage_history (deal_id, at)",
                """
                CREATE TABLE activities (
                    id TEXT PRIMARY KEY, kind TEXT NOT NULL, subject TEXT, body TEXT, contact_id TEXT, deal_id TEXT,
                    company_id TEXT, user_id TEXT, occurred_at BIGINT NOT NULL, duration_minutes INTEGER,
                    version INTEGER NOT NULL, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX activities_contact ON activities (contact_id, occurred_at, id)",
                "CREATE INDEX activities_deal ON activities (deal_id, occurred_at, id)",
                "CREATE INDEX activities_company ON activities (company_id, occurred_at, id)",
                """
                CREATE TABLE events (
                    \(sequence), id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL,
                    actor_id TEXT, occurred_at BIGINT NOT NULL, payload TEXT NOT NULL, dispatched_at BIGINT)
                """,
                "CREATE INDEX events_entity ON events (entity_type, entity_id, occurred_at)",
                "CREATE INDEX events_time ON events (occurred_at, seq)",
                """
                CREATE TABLE audit_log (
                    \(sequence), id TEXT NOT NULL UNIQUE, entity_type TEXT NOT NULL, entity_id TEXT NOT NULL, field TEXT NOT NULL,
                    old_value TEXT, new_value TEXT, actor_id TEXT, at BIGINT NOT NULL)
                """,
                "CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, seq)",
                """
                CREATE TABLE idempotency_keys (
                    actor_id TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
                    status INTEGER NOT NULL, body TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (actor_id, key))
                """,
                """
                CREATE TABLE modules (
                    id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, changed_at BIGINT NOT NULL, changed_by TEXT)
                """,
            ]
        },
        // Claims read `jobs_due` (queued rows by run_at) and `jobs_leased` (running rows by lease
        // end, for crashed workers); the admin page reads `jobs_dead`. Rows that are done sit in no
        // partial index. The outbox dispatcher reads the events not yet dispatched through
        // `events_undispatched` rather than from a cursor: on PostgreSQL, transactions can commit
        // events out of `seq` order.
        Migration(2, "jobs queue, outbox dispatch") { _ in
            [
                """
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL DEFAULT '{}', run_at BIGINT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'dead')),
                    lease_owner TEXT, lease_until BIGINT, last_error TEXT, dedupe_key TEXT,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, finished_at BIGINT)
                """,
                "CREATE UNIQUE INDEX jobs_dedupe ON jobs (dedupe_key) WHERE dedupe_key IS NOT NULL",
                "CREATE INDEX jobs_due ON jobs (run_at, id) WHERE status = 'queued'",
                "CREATE INDEX jobs_leased ON jobs (lease_until, id) WHERE status = 'running'",
                "CREATE INDEX jobs_dead ON jobs (id) WHERE status = 'dead'",
                "CREATE INDEX events_undispatched ON events (seq) WHERE dispatched_at IS NULL",
            ]
        },
        // A webhook's delivery log is read newest first by `webhook_deliveries_webhook`; ids are
        // time-ordered, so (webhook_id, id) is that order and the keyset. `job_id` ties a row to
        // the `Carnet-Delivery` header the receiver saw.
        Migration(3, "webhooks and their delivery log") { _ in
            [
                """
                CREATE TABLE webhooks (
                    id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL DEFAULT '[]', secret TEXT NOT NULL,
                    description TEXT, active INTEGER NOT NULL DEFAULT 1, created_by TEXT,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, version INTEGER NOT NULL)
                """,
                "CREATE INDEX webhooks_active ON webhooks (id) WHERE active = 1",
                """
                CREATE TABLE webhook_deliveries (
                    id TEXT PRIMARY KEY, webhook_id TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
                    job_id TEXT NOT NULL, attempt INTEGER NOT NULL, status_code INTEGER, error TEXT,
                    duration_ms INTEGER NOT NULL, response_excerpt TEXT, created_at BIGINT NOT NULL)
                """,
                "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id)",
            ]
        },
        // `events.origin` holds the chain of plugins whose hooks wrote the event (comma-separated,
        // NULL for a change a user or the system made), so after-hooks skip their own writes.
        // `plugin_states` is what every instance polls: which plugins are on, and a reload asked
        // for. Runs are read newest first per plugin (ids are time-ordered) and pruned by age.
        Migration(4, "Lua plugins: state, runs log, event origin") { _ in
            [
                "ALTER TABLE events ADD COLUMN origin TEXT",
                """
                CREATE TABLE plugin_states (
                    id TEXT PRIMARY KEY, enabled INTEGER NOT NULL, reload_requested_at BIGINT,
                    loaded_version TEXT, last_error TEXT, updated_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE plugin_runs (
                    id TEXT PRIMARY KEY, plugin_id TEXT NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL,
                    target TEXT NOT NULL, event_id TEXT, started_at BIGINT NOT NULL, duration_us BIGINT NOT NULL,
                    cpu_us BIGINT NOT NULL, memory_peak BIGINT NOT NULL, host_calls BIGINT NOT NULL,
                    outcome TEXT NOT NULL, error TEXT, logs TEXT NOT NULL DEFAULT '[]')
                """,
                "CREATE INDEX plugin_runs_plugin ON plugin_runs (plugin_id, id)",
                "CREATE INDEX plugin_runs_started ON plugin_runs (started_at)",
            ]
        },
        // Web sessions are kept by the SHA-256 of their cookie, like API tokens, with the CSRF
        // token of their forms; every instance sees them. Failed sign-ins are counted per key
        // (an e-mail, a client address) in a window, so the limit holds across instances.
        Migration(5, "web sessions, sign-in throttle") { _ in
            [
                """
                CREATE TABLE web_sessions (
                    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL, csrf TEXT NOT NULL,
                    created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
                """,
                "CREATE INDEX web_sessions_user ON web_sessions (user_id)",
                "CREATE INDEX web_sessions_expires ON web_sessions (expires_at)",
                "CREATE TABLE login_failures (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start BIGINT NOT NULL)",
            ]
        },
        // The board sums each stage under its filters (owner, closing month): an index holding
        // every column the sums read answers them without visiting the table, 500,000 deals or not.
        Migration(6, "pipeline board totals") { _ in
            [
                """
                CREATE INDEX deals_board ON deals (pipeline, stage, owner_id, expected_close, currency, amount, probability)
                WHERE archived_at IS NULL
                """,
            ]
        },
        // The contact list filtered by region reads its page in name order from this index, as
        // `contacts_owner` does for an owner, instead of walking every contact for a rare region.
        Migration(7, "contacts by region") { _ in
            ["CREATE INDEX contacts_region ON contacts (region, sort_key, id) WHERE region IS NOT NULL AND archived_at IS NULL"]
        },
        // deals_board did not cover the sums after all: their WHERE reads archived_at, which
        // SQLite fetches from the table unless the index holds it (1.2 s for 500,000 deals).
        // Holding it, in the order of the sums' GROUP BY, they read the index alone.
        Migration(8, "pipeline board totals from the index alone") { _ in
            [
                "DROP INDEX deals_board",
                """
                CREATE INDEX deals_board ON deals (pipeline, stage, currency, owner_id, expected_close, amount, probability, archived_at)
                WHERE archived_at IS NULL
                """,
            ]
        },
        // Duplicate detection keeps each live contact's and company's blocking keys
        // (`DuplicateProfile`) and the candidate pairs of records sharing one, with their score
        // in thousandths, read best first through `duplicate_pairs_score`. Pairs are stored
        // with `first_id < second_id`. A merge keeps both records' before-images and the ids of
        // every row it moved, so that it can be undone; `merged_into` marks the record it archived.
        Migration(9, "duplicate detection, merges") { dialect in
            let key = dialect == .postgres ? "TEXT COLLATE \"C\"" : "TEXT"
            let withoutRowID = dialect == .sqlite ? " WITHOUT ROWID" : ""
            return [
                "CREATE TABLE duplicate_keys (entity_type TEXT NOT NULL, key \(key) NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (entity_type, key, entity_id))\(withoutRowID)",
                "CREATE INDEX duplicate_keys_entity ON duplicate_keys (entity_id)",
                """
                CREATE TABLE duplicate_pairs (
                    entity_type TEXT NOT NULL, first_id TEXT NOT NULL, second_id TEXT NOT NULL, score INTEGER NOT NULL,
                    reasons TEXT NOT NULL, PRIMARY KEY (entity_type, first_id, second_id))
                """,
                "CREATE INDEX duplicate_pairs_score ON duplicate_pairs (entity_type, score, first_id, second_id)",
                "CREATE INDEX duplicate_pairs_second ON duplicate_pairs (entity_type, second_id)",
                """
                CREATE TABLE duplicate_dismissals (
                    entity_type TEXT NOT NULL, first_id TEXT NOT NULL, second_id TEXT NOT NULL, dismissed_by TEXT,
                    dismissed_at BIGINT NOT NULL, PRIMARY KEY (entity_type, first_id, second_id))
                """,
                """
                CREATE TABLE merges (
                    id TEXT PRIMARY KEY, entity_type TEXT NOT NULL, survivor_id TEXT NOT NULL, merged_id TEXT NOT NULL,
                    actor_id TEXT, created_at BIGINT NOT NULL, fields TEXT NOT NULL, survivor_before TEXT NOT NULL,
                    merged_before TEXT NOT NULL, survivor_version INTEGER NOT NULL, merged_version INTEGER NOT NULL,
                    moved TEXT NOT NULL, undone_at BIGINT, undone_by TEXT)
                """,
                "CREATE INDEX merges_survivor ON merges (survivor_id)",
                "CREATE INDEX merges_merged ON merges (merged_id)",
                "ALTER TABLE contacts ADD COLUMN merged_into TEXT",
                "ALTER TABLE companies ADD COLUMN merged_into TEXT",
            ]
        },
        // Each stage entry knows where the deal went next and when (null while it is there), set
        // by the move that ends it: the funnel then reads a period's entries with their fate by a
        // range scan, instead of replaying every touched deal's history with a window function.
        Migration(10, "stage history: the next move of each entry", sql: [
            "ALTER TABLE deal_stage_history ADD COLUMN next_stage TEXT",
            "ALTER TABLE deal_stage_history ADD COLUMN left_at BIGINT",
            """
            UPDATE deal_stage_history SET next_stage = n.next_stage, left_at = n.next_at
            FROM (SELECT id, LEAD(to_stage) OVER (PARTITION BY deal_id ORDER BY at, id) AS next_stage,
                         LEAD(at) OVER (PARTITION BY deal_id ORDER BY at, id) AS next_at
                  FROM deal_stage_history) AS n
            WHERE n.id = deal_stage_history.id AND n.next_at IS NOT NULL
            """,
        ]),
    ]
}
