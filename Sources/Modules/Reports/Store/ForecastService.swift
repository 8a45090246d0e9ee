import CarnetCore
import CarnetStore
import Foundation

/// Builds the forecast from the open deals, their stage history and the deals won, summed by the database.
struct ForecastService: Sendable {
    let context: ServiceContext
    let settings: ReportsSettings
    var stages: PipelineStages { PipelineStages(pipeline: context.pipeline) }

    /// Open deals listed as unscheduled, at most.
    static let unscheduledLimit = 200

    func forecast(_ period: ReportPeriod, _ filters: ReportFilters, _ conn: any SQLConnection) throws -> Forecast {
        try filters.check(conn)
        let now = context.clock.now
        let committed = settings.committedStages(in: context.pipeline)
        let rates = try WinRateQuery(stages: stages).counts(at: [("now", now)], conn)["now"] ?? [:]
        let weigh = Weighing(stages: stages, committed: committed, rates: rates)
        let byMonth = try lines(keyName: "month", key: "SUBSTR(d.expected_close, 1, 7)", joins: filters.territoryJoins, period, filters, weigh, conn)
        let byOwner = try lines(keyName: "owner_id", key: "d.owner_id", joins: filters.territoryJoins, period, filters, weigh, conn)
        let byRegion = try lines(keyName: "region", key: "COALESCE(co.region, ct.region)", joins: ReportFilters.regionJoins, period, filters, weigh, conn)
        let winRates = stages.open.map { key in
            let count = rates[key] ?? (0, 0)
            return StageWinRate(stage: key, closed: count.closed, won: count.won, rate: count.closed > 0 ? Double(count.won) / Double(count.closed) : nil,
                                probability: context.pipeline.stage(key)?.probability ?? 0)
        }
        return Forecast(
            from: period.from.description, to: period.to.description, committedStages: stages.open.filter(committed.contains),
            byMonth: byMonth, byOwner: byOwner, byRegion: byRegion, totals: totals(byMonth), winRates: winRates,
            unscheduled: try unscheduled(period, filters, conn),
            accuracy: try ForecastAccuracy(context: context, stages: stages).lines(period, filters, conn)
        )
    }

    /// Open deals with an amount and an expected close in the period, grouped by `key`, per currency.
    private func lines(keyName: String, key: String, joins: String, _ period: ReportPeriod, _ filters: ReportFilters,
                       _ weigh: Weighing, _ conn: any SQLConnection) throws -> [ForecastLine] {
        let (sql, binds) = linesQuery(key: key, joins: joins, period, filters)
        let rows = try conn.query(sql, binds)
        var lines: [LineKey: ForecastLine] = [:]
        for row in rows {
            let group = LineKey(key: row.string("k"), currency: row.string("currency") ?? "")
            var line = lines[group] ?? ForecastLine(keyName: keyName, key: group.key, currency: group.currency)
            weigh.add(stage: row.string("stage") ?? "", deals: row.int("deals") ?? 0, amount: row.int64("amount") ?? 0,
                      weightedPercent: row.int64("weighted") ?? 0, to: &line)
            lines[group] = line
        }
        return lines.keys.sorted().compactMap { lines[$0].map(weigh.rounded) }
    }

    /// The forecast's main query: open deals closing in the period, summed by `key`, currency and stage.
    func linesQuery(key: String, joins: String, _ period: ReportPeriod, _ filters: ReportFilters) -> (String, [SQLValue]) {
        let open = placeholders(stages.open)
        let conditions = filters.dealConditions()
        let sql = """
            SELECT \(key) AS k, d.currency AS currency, d.stage AS stage, COUNT(*) AS deals,
                   CAST(SUM(d.amount) AS BIGINT) AS amount, CAST(SUM(d.amount * d.probability) AS BIGINT) AS weighted
            FROM deals d\(joins)
            WHERE d.pipeline = ? AND d.expected_close >= ? AND d.expected_close < ? AND d.stage IN (\(open.sql))
              AND d.archived_at IS NULL AND d.amount IS NOT NULL\(conditions.sql)
            GROUP BY 1, 2, 3
            """
        return (sql, [.text(context.pipeline.key), .text(period.from.firstDay), .text(period.to.adding(1).firstDay)] + open.binds + conditions.binds)
    }

    /// One line per currency, adding up the months.
    private func totals(_ months: [ForecastLine]) -> [ForecastLine] {
        var totals: [String: ForecastLine] = [:]
        for line in months {
            var total = totals[line.currency] ?? ForecastLine(keyName: nil, key: nil, currency: line.currency)
            total.deals += line.deals
            total.amount += line.amount
            total.weightedPercent += line.weightedPercent
            total.committedDeals += line.committedDeals
            total.committedAmount += line.committedAmount
            total.committedPercent += line.committedPercent
            total.historyWeighted += line.historyWeighted
            totals[line.currency] = total
        }
        return totals.keys.sorted().compactMap { key in
            totals[key].map { line in
                var line = line
                line.weighted = MinorUnits.percentOf(line.weightedPercent)
                line.committedWeighted = MinorUnits.percentOf(line.committedPercent)
                return line
            }
        }
    }

    /// Open deals without an expected close, or with one in the period but no amount.
    private func unscheduled(_ period: ReportPeriod, _ filters: ReportFilters, _ conn: any SQLConnection) throws -> UnscheduledDeals {
        let open = placeholders(stages.open)
        let conditions = filters.dealConditions()
        let body = """
            FROM deals d\(filters.territoryJoins)
            WHERE d.pipeline = ? AND d.stage IN (\(open.sql)) AND d.archived_at IS NULL
              AND (d.expected_close IS NULL OR (d.amount IS NULL AND d.expected_close >= ? AND d.expected_close < ?))\(conditions.sql)
            """
        let binds: [SQLValue] = [.text(context.pipeline.key)] + open.binds + [.text(period.from.firstDay), .text(period.to.adding(1).firstDay)] + conditions.binds
        let count = try conn.queryOne("SELECT COUNT(*) AS n \(body)", binds)?.int("n") ?? 0
        let rows = try conn.query("""
            SELECT d.id AS id, d.title AS title, d.stage AS stage, d.owner_id AS owner_id, d.amount AS amount, d.currency AS currency,
                   d.expected_close AS expected_close \(body) ORDER BY d.id LIMIT ?
            """, binds + [.int(Self.unscheduledLimit)])
        let items = rows.map { row in
            let amount = row.int64("amount"), close = row.string("expected_close")
            return UnscheduledDeal(id: row.string("id") ?? "", title: row.string("title") ?? "", stage: row.string("stage") ?? "",
                                   ownerID: row.string("owner_id"), amount: amount, currency: row.string("currency") ?? "", expectedClose: close,
                                   missing: (amount == nil ? ["amount"] : []) + (close == nil ? ["expected_close"] : []))
        }
        return UnscheduledDeals(count: count, items: items)
    }
}

/// A forecast line's group: its key (nil sorts last) and currency.
struct LineKey: Hashable, Comparable {
    var key: String?
    var currency: String

    static func < (lhs: LineKey, rhs: LineKey) -> Bool {
        switch (lhs.key, rhs.key) {
        case let (l?, r?) where l != r: l < r
        case (nil, _?): false
        case (_?, nil): true
        default: lhs.currency < rhs.currency
        }
    }
}

/// Adds one stage's sums to a forecast line: best case, committed and from history.
struct Weighing: Sendable {
    let stages: PipelineStages
    let committed: Set<String>
    /// Won and closed counts per stage over the window.
    let rates: [String: (won: Int, closed: Int)]

    func add(stage: String, deals: Int, amount: Int64, weightedPercent: Int64, to line: inout ForecastLine) {
        line.deals += deals
        line.amount += amount
        line.weightedPercent += weightedPercent
        if committed.contains(stage) {
            line.committedDeals += deals
            line.committedAmount += amount
            line.committedPercent += weightedPercent
        }
        line.historyWeighted += history(stage: stage, amount: amount, weightedPercent: weightedPercent)
    }

    /// `amount` × the stage's observed win rate, rounded; the probability-weighted sum where none of its deals closed.
    func history(stage: String, amount: Int64, weightedPercent: Int64) -> Int64 {
        guard let count = rates[stage], count.closed > 0 else { return MinorUnits.percentOf(weightedPercent) }
        return MinorUnits.scaled(amount, by: Int64(count.won), over: Int64(count.closed))
    }

    /// The line with its percent sums rounded to minor units.
    func rounded(_ line: ForecastLine) -> ForecastLine {
        var line = line
        line.weighted = MinorUnits.percentOf(line.weightedPercent)
        line.committedWeighted = MinorUnits.percentOf(line.committedPercent)
        return line
    }
}
