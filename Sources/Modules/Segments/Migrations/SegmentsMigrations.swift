import CarnetCore

/// The schema of the segments module. Append-only: never edit a migration once it has shipped.
///
/// Besides its own tables it adds the indexes its common filters need on the core's tables:
/// a segment count reads an index of the filtered column (country, owner, company industry and
/// region, open deals by stage) instead of every contact. Region and tags already have theirs
/// (`contacts_region`, the key of `contact_tags`).
enum SegmentsMigrations {
    static let all: [Migration] = [
        Migration(1, "segments, campaigns, recipients, unsubscribes", sql: [
            """
            CREATE TABLE segments (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, filter_json TEXT NOT NULL, version INTEGER NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE UNIQUE INDEX segments_name ON segments (name)",
            """
            CREATE TABLE campaigns (
                id TEXT PRIMARY KEY, name TEXT NOT NULL, segment_id TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
                language TEXT NOT NULL, status TEXT NOT NULL, send_at BIGINT, snapshot_at BIGINT, version INTEGER NOT NULL,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            "CREATE INDEX campaigns_segment ON campaigns (segment_id)",
            // One row per recipient: the unique key is what makes a repeated snapshot add nobody twice.
            """
            CREATE TABLE campaign_recipients (
                id TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, contact_id TEXT NOT NULL, email TEXT, status TEXT NOT NULL,
                job_id TEXT, error TEXT, opens INTEGER NOT NULL DEFAULT 0, clicks INTEGER NOT NULL DEFAULT 0,
                opened_at BIGINT, clicked_at BIGINT, unsubscribed_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                UNIQUE (campaign_id, contact_id))
            """,
            // The send job claims a campaign's pending recipients in id order; the report counts per status.
            "CREATE INDEX campaign_recipients_status ON campaign_recipients (campaign_id, status, id)",
            "CREATE INDEX campaign_recipients_contact ON campaign_recipients (contact_id)",
            """
            CREATE TABLE campaign_unsubscribes (
                contact_id TEXT PRIMARY KEY, email TEXT, campaign_id TEXT, recipient_id TEXT, at BIGINT NOT NULL)
            """,
            // An address unsubscribed once stays so on every contact that has it.
            "CREATE INDEX campaign_unsubscribes_email ON campaign_unsubscribes (email) WHERE email IS NOT NULL",
            "CREATE TABLE segments_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE INDEX segments_contacts_country ON contacts (country, id) WHERE country IS NOT NULL AND archived_at IS NULL",
            "CREATE INDEX segments_contacts_owner ON contacts (owner_id, id) WHERE owner_id IS NOT NULL AND archived_at IS NULL",
            "CREATE INDEX segments_companies_industry ON companies (industry, id) WHERE industry IS NOT NULL",
            "CREATE INDEX segments_companies_region ON companies (region, id) WHERE region IS NOT NULL",
            "CREATE INDEX segments_deals_open_stage ON deals (stage, contact_id) WHERE closed_at IS NULL AND archived_at IS NULL",
        ]),
    ]
}
