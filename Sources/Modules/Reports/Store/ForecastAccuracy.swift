import CarnetCore
import CarnetStore
import Foundation

/// Forecast accuracy for the months of a period that are over: what each method would have
/// forecast at the start of the month, against what was won during it.
///
/// Reconstructed from what is stored, honestly approximate: a deal's stage at the start of
/// the month comes from its stage history (exact), but its amount, currency, expected close
/// and probability override are today's values (the history keeps only stages). A deal counts
/// when it existed and was still open at the month's start (created before, not closed before)
/// in an open stage, and its expected close falls in the month. The weighted forecast uses the
/// override, else that stage's configured probability; the history forecast the win rates
/// observed in the 365 days before the month's start (``WinRateQuery``).
struct ForecastAccuracy: Sendable {
    let context: ServiceContext
    let stages: PipelineStages

    func lines(_ period: ReportPeriod, _ filters: ReportFilters, _ conn: any SQLConnection) throws -> [AccuracyLine] {
        let now = context.clock.now
        let months = period.months.filter { $0.adding(1).start <= now }
        guard !months.isEmpty else { return [] }
        let rates = try WinRateQuery(stages: stages).counts(at: months.map { ($0.description, $0.start) }, conn)
        var lines: [LineKey: AccuracyLine] = [:]
        func line(_ month: String, _ currency: String) -> AccuracyLine {
            lines[LineKey(key: month, currency: currency)] ?? AccuracyLine(month: month, currency: currency)
        }
        for row in try forecastRows(months, filters, conn) {
            guard let month = row.string("label"), let currency = row.string("currency"), let stage = row.string("stage"),
                  let definition = context.pipeline.stage(stage), definition.outcome == .open else { continue }
            let amount = row.int64("amount") ?? 0
            let percent = Int64(row.int("override") ?? definition.probability)
            var entry = line(month, currency)
            entry.forecastDeals += row.int("deals") ?? 0
            entry.weightedPercent += amount * percent
            let weigh = Weighing(stages: stages, committed: [], rates: rates[month] ?? [:])
            entry.historyForecast += weigh.history(stage: stage, amount: amount, weightedPercent: amount * percent)
            lines[LineKey(key: month, currency: currency)] = entry
        }
        for row in try wonRows(months, filters, conn) {
            guard let month = row.string("label"), let currency = row.string("currency") else { continue }
            var entry = line(month, currency)
            entry.wonDeals += row.int("deals") ?? 0
            entry.won += row.int64("amount") ?? 0
            lines[LineKey(key: month, currency: currency)] = entry
        }
        return lines.keys.sorted().compactMap { key in
            lines[key].map { line in
                var line = line
                line.weightedForecast = MinorUnits.percentOf(line.weightedPercent)
                return line
            }
        }
    }

    /// Deals open at each month's start and expected to close in it, by their stage then and override.
    private func forecastRows(_ months: [ReportMonth], _ filters: ReportFilters, _ conn: any SQLConnection) throws -> [SQLRow] {
        let table = ValuesTable(name: "m", columns: [("label", "TEXT"), ("s", "BIGINT"), ("first_day", "TEXT"), ("after_day", "TEXT")],
                                rows: months.map { [.text($0.description), .date($0.start), .text($0.firstDay), .text($0.adding(1).firstDay)] })
        let conditions = filters.dealConditions()
        // Any stage of the pipeline: the list lets reports_deals_closing serve the range of expected close stage by stage.
        let any = placeholders(context.pipeline.stages.map(\.key))
        return try conn.query("""
            WITH \(table.sql)
            SELECT label, currency, stage, override, COUNT(*) AS deals, CAST(SUM(amount) AS BIGINT) AS amount FROM (
                SELECT m.label AS label, d.currency AS currency, d.amount AS amount, d.probability_override AS override,
                       (SELECT h.to_stage FROM deal_stage_history h WHERE h.deal_id = d.id AND h.at < m.s ORDER BY h.at DESC, h.id DESC LIMIT 1) AS stage
                FROM m JOIN deals d ON d.expected_close >= m.first_day AND d.expected_close < m.after_day\(filters.territoryJoins)
                WHERE d.pipeline = ? AND d.stage IN (\(any.sql)) AND d.archived_at IS NULL AND d.amount IS NOT NULL AND d.created_at < m.s
                  AND (d.closed_at IS NULL OR d.closed_at >= m.s)\(conditions.sql)
            ) AS open_then
            GROUP BY label, currency, stage, override
            """, table.binds + [.text(context.pipeline.key)] + any.binds + conditions.binds)
    }

    /// Deals won during each month, by currency; a won deal without an amount counts as 0.
    private func wonRows(_ months: [ReportMonth], _ filters: ReportFilters, _ conn: any SQLConnection) throws -> [SQLRow] {
        let table = ValuesTable(name: "m", columns: [("label", "TEXT"), ("s", "BIGINT"), ("e", "BIGINT")],
                                rows: months.map { [.text($0.description), .date($0.start), .date($0.adding(1).start)] })
        let won = placeholders(stages.won)
        let conditions = filters.dealConditions()
        return try conn.query("""
            WITH \(table.sql)
            SELECT m.label AS label, d.currency AS currency, COUNT(*) AS deals, CAST(SUM(COALESCE(d.amount, 0)) AS BIGINT) AS amount
            FROM m JOIN deals d ON d.closed_at >= m.s AND d.closed_at < m.e\(filters.territoryJoins)
            WHERE d.pipeline = ? AND d.archived_at IS NULL AND d.stage IN (\(won.sql))\(conditions.sql)
            GROUP BY m.label, d.currency
            """, table.binds + [.text(context.pipeline.key)] + won.binds + conditions.binds)
    }
}
