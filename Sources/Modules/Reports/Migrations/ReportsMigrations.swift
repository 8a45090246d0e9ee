import CarnetCore

/// The indexes the reports read through; the module has no tables of its own.
/// Append-only: never edit a migration once it has shipped.
enum ReportsMigrations {
    static let all: [Migration] = [
        Migration(1, "report indexes", sql: [
            // The funnel and the win rates take the stage entries of a period by time. No index leads with
            // to_stage: SQLite then preferred it to deal_stage_history_deal for the lookups of one deal's
            // moves (a won entry of this deal before a date), scanning every won entry for each deal.
            "CREATE INDEX reports_history_time ON deal_stage_history (at, deal_id)",
            // The forecast sums the open deals closing in the period from the index alone: for each open
            // stage, the range of expected close (archived_at held so SQLite need not visit the table to
            // check it, as with deals_board, which would read every open deal whatever the period).
            """
            CREATE INDEX reports_deals_closing ON deals (pipeline, stage, expected_close, currency, owner_id, amount, probability, archived_at)
            WHERE archived_at IS NULL
            """,
            // Won and lost deals by closing time: losses, win rates, what was actually won each month.
            """
            CREATE INDEX reports_deals_closed ON deals (closed_at, pipeline, stage, currency, owner_id, amount, created_at, archived_at)
            WHERE closed_at IS NOT NULL AND archived_at IS NULL
            """,
            // Adoption counts each owner's deals open at the end of each week, and those with a dated next action.
            """
            CREATE INDEX reports_deals_owner ON deals (owner_id, created_at, closed_at, next_action_at, pipeline, archived_at)
            WHERE owner_id IS NOT NULL AND archived_at IS NULL
            """,
            // Adoption: what each user changed, week by week, and the meetings they logged.
            "CREATE INDEX reports_events_actor ON events (actor_id, occurred_at, type) WHERE actor_id IS NOT NULL",
            "CREATE INDEX reports_meetings ON activities (occurred_at, user_id, created_at) WHERE kind = 'meeting'",
        ]),
    ]
}
