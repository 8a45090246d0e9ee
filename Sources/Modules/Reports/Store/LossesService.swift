import CarnetCore
import CarnetStore
import Foundation

/// Builds the losses report from the deals closed during a period (`closed_at`), and the
/// stage each lost deal left, from its stage history.
struct LossesService: Sendable {
    let context: ServiceContext
    var stages: PipelineStages { PipelineStages(pipeline: context.pipeline) }

    func losses(_ period: ReportPeriod, _ filters: ReportFilters, _ conn: any SQLConnection) throws -> Losses {
        try filters.check(conn)
        let conditions = filters.dealConditions(currency: false)
        let closedWhere = "d.closed_at >= ? AND d.closed_at < ? AND d.archived_at IS NULL AND d.pipeline = ?"
        let closedBinds: [SQLValue] = [.date(period.start), .date(period.end), .text(context.pipeline.key)]
        let won = placeholders(stages.won), lost = placeholders(stages.lost)

        // The move into the lost stage is the one that closed the deal: same stage, same instant.
        let reasonRows = try conn.query("""
            SELECT h.from_stage AS stage, d.owner_id AS owner_id, d.lost_reason AS reason, COUNT(*) AS deals
            FROM deals d JOIN deal_stage_history h ON h.deal_id = d.id AND h.to_stage = d.stage AND h.at = d.closed_at\(filters.territoryJoins)
            WHERE \(closedWhere) AND d.stage IN (\(lost.sql))\(conditions.sql)
            GROUP BY h.from_stage, d.owner_id, d.lost_reason
            """, closedBinds + lost.binds + conditions.binds)
        let reasons = reasonRows.map { row in
            LossReason(stage: row.string("stage"), ownerID: row.string("owner_id"), reason: row.string("reason"), deals: row.int("deals") ?? 0)
        }.sorted { ($0.deals, $1.stage ?? "", $1.ownerID ?? "", $1.reason ?? "") > ($1.deals, $0.stage ?? "", $0.ownerID ?? "", $0.reason ?? "") }

        let outcomeRows = try conn.query("""
            SELECT d.owner_id AS owner_id, d.currency AS currency,
                   SUM(CASE WHEN d.stage IN (\(won.sql)) THEN 1 ELSE 0 END) AS won,
                   SUM(CASE WHEN d.stage IN (\(lost.sql)) THEN 1 ELSE 0 END) AS lost,
                   SUM(CASE WHEN d.stage IN (\(won.sql)) AND d.amount IS NOT NULL THEN 1 ELSE 0 END) AS sized,
                   CAST(SUM(CASE WHEN d.stage IN (\(won.sql)) THEN d.amount ELSE 0 END) AS BIGINT) AS amount
            FROM deals d\(filters.territoryJoins)
            WHERE \(closedWhere)\(conditions.sql)
            GROUP BY d.owner_id, d.currency
            """, won.binds + lost.binds + won.binds + won.binds + closedBinds + conditions.binds)
        var owners: [String?: (won: Int, lost: Int)] = [:]
        var sizes: [String: (deals: Int, amount: Int64)] = [:]
        for row in outcomeRows {
            let owner = row.string("owner_id")
            let wonCount = row.int("won") ?? 0, lostCount = row.int("lost") ?? 0
            owners[owner] = ((owners[owner]?.won ?? 0) + wonCount, (owners[owner]?.lost ?? 0) + lostCount)
            let sized = row.int("sized") ?? 0
            if sized > 0, let currency = row.string("currency") {
                sizes[currency] = ((sizes[currency]?.deals ?? 0) + sized, (sizes[currency]?.amount ?? 0) + (row.int64("amount") ?? 0))
            }
        }
        let ownerLines = owners.map { owner, count in
            OwnerOutcome(ownerID: owner, won: count.won, lost: count.lost, winRate: Self.rate(count.won, count.won + count.lost))
        }.sorted { LineKey(key: $0.ownerID, currency: "") < LineKey(key: $1.ownerID, currency: "") }
        let wonSize = sizes.keys.sorted().compactMap { currency in
            sizes[currency].map { WonSize(currency: currency, deals: $0.deals, amount: $0.amount, average: MinorUnits.scaled($0.amount, by: 1, over: Int64($0.deals))) }
        }
        let totalWon = ownerLines.reduce(0) { $0 + $1.won }, totalLost = ownerLines.reduce(0) { $0 + $1.lost }

        let cycle = try conn.queryOne("""
            \(SQLMedian.query(over: "SELECT 1 AS grp, d.closed_at - d.created_at AS v FROM deals d\(filters.territoryJoins) WHERE \(closedWhere) AND d.stage IN (\(won.sql))\(conditions.sql)"))
            """, closedBinds + won.binds + conditions.binds)
        return Losses(from: period.from.description, to: period.to.description, won: totalWon, lost: totalLost,
                      winRate: Self.rate(totalWon, totalWon + totalLost), reasons: reasons, owners: ownerLines, wonSize: wonSize,
                      medianSalesCycleDays: cycle?.double("median").map { $0 / 86_400_000 })
    }

    static func rate(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }
}
