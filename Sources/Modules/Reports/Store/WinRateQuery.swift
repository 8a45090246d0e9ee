import CarnetCore
import CarnetStore
import Foundation

/// Observed win rates by stage: of the deals that entered a stage in the year before an
/// instant and had closed by that instant, how many are won.
///
/// A deal counts once per stage however often it entered it. Its outcome is its stage as
/// stored now, so a deal reopened after the instant still counts with its present outcome.
struct WinRateQuery: Sendable {
    let stages: PipelineStages
    /// How far back from the instant entries count: 365 days.
    static let window: Int64 = 365 * 86_400_000

    /// Won and closed counts per stage as of each labelled instant.
    func counts(at instants: [(label: String, at: Date)], _ conn: any SQLConnection) throws -> [String: [String: (won: Int, closed: Int)]] {
        guard !instants.isEmpty else { return [:] }
        let table = ValuesTable(name: "t", columns: [("label", "TEXT"), ("at", "BIGINT")],
                                rows: instants.map { [.text($0.label), .date($0.at)] })
        let won = placeholders(stages.won), closed = placeholders(stages.closed), open = placeholders(stages.open)
        let rows = try conn.query("""
            WITH \(table.sql)
            SELECT t.label AS label, h.to_stage AS stage, COUNT(DISTINCT h.deal_id) AS closed,
                   COUNT(DISTINCT CASE WHEN d.stage IN (\(won.sql)) THEN h.deal_id END) AS won
            FROM t JOIN deal_stage_history h ON h.at >= t.at - \(Self.window) AND h.at < t.at
            JOIN deals d ON d.id = h.deal_id
            WHERE h.to_stage IN (\(open.sql)) AND d.closed_at IS NOT NULL AND d.closed_at < t.at AND d.archived_at IS NULL
              AND d.pipeline = ? AND d.stage IN (\(closed.sql))
            GROUP BY t.label, h.to_stage
            """, table.binds + won.binds + open.binds + [.text(stages.pipeline.key)] + closed.binds)
        var counts: [String: [String: (won: Int, closed: Int)]] = [:]
        for row in rows {
            guard let label = row.string("label"), let stage = row.string("stage") else { continue }
            counts[label, default: [:]][stage] = (row.int("won") ?? 0, row.int("closed") ?? 0)
        }
        return counts
    }
}
