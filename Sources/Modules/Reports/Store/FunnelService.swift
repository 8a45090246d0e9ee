import CarnetCore
import CarnetStore
import Foundation

/// Builds the funnel from `deal_stage_history`: every entry into a stage during the period,
/// and its next move (if it came before the period's end), grouped by the database.
///
/// The owner filter takes the deal's current owner.
struct FunnelService: Sendable {
    let context: ServiceContext
    var stages: PipelineStages { PipelineStages(pipeline: context.pipeline) }

    func funnel(_ period: ReportPeriod, _ filters: ReportFilters, _ conn: any SQLConnection) throws -> Funnel {
        try filters.check(conn)
        let current = try counts(period, filters, conn)
        let previous = try counts(period.previous, filters, conn)
        var rows = current.stages
        for index in rows.indices {
            let before = previous.stages[index]
            rows[index].previousEntered = before.entered
            rows[index].previousConversion = before.conversion
        }
        return Funnel(from: period.from.description, to: period.to.description, previousFrom: period.previous.from.description,
                      previousTo: period.previous.to.description, stages: rows, wonEntries: current.wonEntries,
                      endToEnd: try endToEnd(period, filters, conn), leak: Self.leak(rows))
    }

    /// The stage whose conversion dropped most from the previous period (both having entries);
    /// the earlier stage on a tie.
    static func leak(_ stages: [FunnelStage]) -> FunnelLeak? {
        var worst: FunnelLeak?
        for stage in stages {
            guard let now = stage.conversion, let before = stage.previousConversion, before - now > 0 else { continue }
            if before - now > worst?.drop ?? 0 {
                worst = FunnelLeak(stage: stage.stage, conversion: now, previousConversion: before, drop: before - now)
            }
        }
        return worst
    }

    /// The entries of a period with their fate by its end, per open stage.
    private func counts(_ period: ReportPeriod, _ filters: ReportFilters, _ conn: any SQLConnection) throws -> (stages: [FunnelStage], wonEntries: Int) {
        let (entries, binds) = entriesSQL(period, filters)
        let fates = try conn.query("\(entries) SELECT stage, next_stage, COUNT(*) AS n FROM entries GROUP BY stage, next_stage", binds)
        let medians = try conn.query("\(entries) \(SQLMedian.query(over: "SELECT stage AS grp, next_at - at AS v FROM entries WHERE next_at IS NOT NULL"))", binds)
        var rows = stages.open.map { FunnelStage(stage: $0) }
        var wonEntries = 0
        for row in fates {
            guard let stage = row.string("stage"), let from = stages.index(of: stage) else { continue }
            let count = row.int("n") ?? 0
            guard let position = rows.firstIndex(where: { $0.stage == stage }) else {
                if stages.outcome(of: stage) == .won { wonEntries += count }
                continue
            }
            rows[position].entered += count
            guard let next = row.string("next_stage") else { rows[position].stillThere += count; continue }
            switch stages.outcome(of: next) {
            case .lost?: rows[position].lost += count
            case .won?: rows[position].movedOn += count
            default:
                if let to = stages.index(of: next), to < from { rows[position].movedBack += count } else { rows[position].movedOn += count }
            }
        }
        for row in medians {
            guard let stage = row.string("grp"), let position = rows.firstIndex(where: { $0.stage == stage }), let millis = row.double("median") else { continue }
            rows[position].medianDaysInStage = millis / 86_400_000
        }
        for index in rows.indices where rows[index].entered > 0 {
            rows[index].conversion = Double(rows[index].movedOn) / Double(rows[index].entered)
        }
        return (rows, wonEntries)
    }

    /// `WITH ... entries(stage, at, next_stage, next_at)`: the period's entries of the pipeline's
    /// live deals, each with its next move when that came before the period's end (each history
    /// row holds the move that ended it: core migration 10). The CROSS JOIN keeps SQLite's
    /// planner on the history's time index (it would otherwise walk every deal of the pipeline
    /// and look up each one's history); PostgreSQL plans it as any join.
    func entriesSQL(_ period: ReportPeriod, _ filters: ReportFilters) -> (String, [SQLValue]) {
        let start = SQLValue.date(period.start), end = SQLValue.date(period.end)
        let conditions = filters.dealConditions(currency: false)
        let sql = """
            WITH entries AS (
                SELECT h.to_stage AS stage, h.at AS at,
                       CASE WHEN h.left_at < ? THEN h.next_stage END AS next_stage,
                       CASE WHEN h.left_at < ? THEN h.left_at END AS next_at
                FROM deal_stage_history h CROSS JOIN deals d\(filters.territoryJoins)
                WHERE d.id = h.deal_id AND h.at >= ? AND h.at < ? AND d.pipeline = ? AND d.archived_at IS NULL\(conditions.sql)
            )
            """
        return (sql, [end, end, start, end, .text(context.pipeline.key)] + conditions.binds)
    }

    /// Deals created during the period (their first stage entry) and how many entered a won stage before its end.
    private func endToEnd(_ period: ReportPeriod, _ filters: ReportFilters, _ conn: any SQLConnection) throws -> EndToEnd {
        let won = placeholders(stages.won)
        let conditions = filters.dealConditions(currency: false)
        let row = try conn.queryOne("""
            SELECT COUNT(*) AS created,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM deal_stage_history w WHERE w.deal_id = h.deal_id AND w.to_stage IN (\(won.sql)) AND w.at < ?)
                       THEN 1 ELSE 0 END) AS won
            FROM deal_stage_history h JOIN deals d ON d.id = h.deal_id\(filters.territoryJoins)
            WHERE h.from_stage IS NULL AND h.at >= ? AND h.at < ? AND d.pipeline = ? AND d.archived_at IS NULL\(conditions.sql)
            """, won.binds + [.date(period.end), .date(period.start), .date(period.end), .text(context.pipeline.key)] + conditions.binds)
        let created = row?.int("created") ?? 0, wonCount = row?.int("won") ?? 0
        return EndToEnd(created: created, won: wonCount, conversion: created > 0 ? Double(wonCount) / Double(created) : nil)
    }
}
