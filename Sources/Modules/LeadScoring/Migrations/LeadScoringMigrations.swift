import CarnetCore

/// The schema of the lead scoring module. Append-only: never edit a migration once it has shipped.
///
/// `lead_scores` is the table other modules read (segments filter on `score` and `band`):
/// its columns are a contract. `lead_signals` keeps what engagement rules count, one row per
/// form, e-mail open or click, meeting, call or e-mail, keyed by the event or activity it came
/// from so that a repeated event adds nothing; its index answers the per-contact aggregate
/// of a rescore from the index alone. `scoring_model` holds the one model document.
/// `deals_closed_at`, on a core table, serves the backtest; it goes with the module's schema.
enum LeadScoringMigrations {
    static let all: [Migration] = [
        // WITHOUT ROWID on SQLite: the primary key is the table, one B-tree less to write per score and signal.
        Migration(1, "lead scores, signals, model") { dialect in
            let withoutRowID = dialect == .sqlite ? " WITHOUT ROWID" : ""
            return [
                """
                CREATE TABLE lead_scores (
                    contact_id TEXT PRIMARY KEY, score INTEGER NOT NULL, band TEXT NOT NULL, explanation TEXT NOT NULL, computed_at BIGINT NOT NULL)\(withoutRowID)
                """,
                // The hottest first, overall and within a band; a segment's score or band filter.
                "CREATE INDEX lead_scores_score ON lead_scores (score, contact_id)",
                "CREATE INDEX lead_scores_band ON lead_scores (band, score, contact_id)",
                """
                CREATE TABLE lead_signals (
                    source_id TEXT PRIMARY KEY, contact_id TEXT NOT NULL, kind TEXT NOT NULL, occurred_at BIGINT NOT NULL)\(withoutRowID)
                """,
                "CREATE INDEX lead_signals_contact ON lead_signals (contact_id, kind, occurred_at)",
                // The backtest reads the deals closed in its window.
                "CREATE INDEX deals_closed_at ON deals (closed_at) WHERE closed_at IS NOT NULL",
                """
                CREATE TABLE scoring_model (
                    id TEXT PRIMARY KEY, document TEXT NOT NULL, version INTEGER NOT NULL, updated_at BIGINT NOT NULL, updated_by TEXT)
                """,
            ]
        },
        // The meetings, calls and e-mails logged before the module was first enabled count too.
        Migration(2, "signals from past activities", sql: [
            """
            INSERT INTO lead_signals (source_id, contact_id, kind, occurred_at)
            SELECT id, contact_id, kind, occurred_at FROM activities
            WHERE contact_id IS NOT NULL AND kind IN ('meeting', 'call', 'email')
            """,
        ]),
    ]
}
