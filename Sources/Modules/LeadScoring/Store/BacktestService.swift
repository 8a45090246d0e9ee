import CarnetCore
import CarnetStore
import Foundation

/// Scores the contact of each deal closed (won or lost) in the last months as it stood when
/// the deal was created, and reports how the bands of those scores converted.
///
/// Only signals dated before the deal's creation count, aged from that instant. Fit fields
/// (title, company, region) are read as they are now: their history is not kept.
public struct BacktestService: Sendable {
    public let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    /// The report for the deals closed in the `months` before now, scored with `model`.
    public func run(months: Int, model: ScoringModel, _ conn: any SQLConnection) throws -> BacktestReport {
        guard (1...120).contains(months) else { throw CarnetError.validation([FieldError("months", L10n.text("scoring.months_range", .en))]) }
        let since = Self.since(months: months, before: context.clock.now)
        let won = context.pipeline.stages.filter { $0.outcome == .won }.map(\.key)
        let lost = context.pipeline.stages.filter { $0.outcome == .lost }.map(\.key)
        let closed = won + lost
        guard !won.isEmpty, !lost.isEmpty else { return BacktestReport(months: months, since: since, outcomes: []) }
        let filter = """
            WHERE d.closed_at IS NOT NULL AND d.closed_at >= ? AND d.archived_at IS NULL AND d.stage IN (\(closed.map { _ in "?" }.joined(separator: ", ")))
            """
        let binds: [SQLValue] = [.date(since)] + closed.map(SQLValue.text)
        let deals = try conn.query("""
            SELECT d.id, d.stage, c.title, c.region, c.country, co.industry, co.size, co.annual_revenue, co.region AS company_region,
                   co.country AS company_country
            FROM deals d JOIN contacts c ON c.id = d.contact_id LEFT JOIN companies co ON co.id = c.company_id
            \(filter) ORDER BY d.id
            """, binds)
        let signalRows = try conn.query("""
            SELECT d.id AS deal_id, s.kind, (d.created_at - s.occurred_at) / 86400000 AS age_days, COUNT(*) AS n
            FROM deals d JOIN lead_signals s ON s.contact_id = d.contact_id AND s.occurred_at < d.created_at
            \(filter) GROUP BY d.id, s.kind, age_days
            """, binds)
        var signals: [String: [SignalCount]] = [:]
        for row in signalRows {
            guard let deal = row.string("deal_id"), let kind = row.string("kind").flatMap(SignalKind.init(rawValue:)) else { continue }
            signals[deal, default: []].append(SignalCount(kind: kind, ageDays: max(0, row.int("age_days") ?? 0), count: row.int("n") ?? 0))
        }
        let scorer = Scorer(model)
        let outcomes = deals.map { row -> (score: LeadScore, won: Bool) in
            let id = row.string("id") ?? ""
            let facts = LeadFacts(title: row.string("title"), industry: row.string("industry"), companySize: row.int64("size"), annualRevenue: row.int64("annual_revenue"),
                                  region: row.string("region") ?? row.string("company_region"), country: row.string("country") ?? row.string("company_country"),
                                  signals: signals[id] ?? [])
            return (scorer.score(facts), won.contains(row.string("stage") ?? ""))
        }
        return BacktestReport(months: months, since: since, outcomes: outcomes)
    }

    /// The same instant `months` calendar months earlier, in UTC.
    static func since(months: Int, before now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar.date(byAdding: .month, value: -months, to: now) ?? now
    }
}
