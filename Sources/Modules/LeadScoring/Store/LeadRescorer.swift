import CarnetCore
import CarnetStore
import Foundation

/// Scores contacts in batches: one query reads a batch of contacts with their company and
/// stored score, one more the aggregate of their signals (by kind and whole days of age),
/// the scores are computed in Swift, and the changed ones are written with multi-row upserts.
///
/// A band change writes `lead.score_changed`, and entering hot `lead.became_hot`, in the same
/// transaction. A contact scored for the first time counts as coming from cold, so a new
/// cold contact writes no event. A score whose value, band and explanation are unchanged is
/// not written again: `computed_at` is when the score last changed.
public struct LeadRescorer: Sendable {
    public let context: ServiceContext
    public let settings: LeadScoringSettings

    public init(context: ServiceContext, settings: LeadScoringSettings) {
        self.context = context
        self.settings = settings
    }

    /// What one batch did.
    public struct BatchResult: Sendable, Equatable {
        /// Contacts read and scored.
        public var scored = 0
        /// Scores inserted or changed.
        public var written = 0
        /// Band changes (each wrote `lead.score_changed`).
        public var bandChanges = 0
        /// The last contact id read, where the next batch starts; nil when the batch was empty.
        public var lastID: String?
    }

    static let columns = """
        SELECT c.id, c.title, c.region, c.country, co.industry, co.size, co.annual_revenue, co.region AS company_region,
               co.country AS company_country, s.score AS old_score, s.band AS old_band, s.explanation AS old_explanation
        FROM contacts c LEFT JOIN companies co ON co.id = c.company_id LEFT JOIN lead_scores s ON s.contact_id = c.id
        WHERE c.archived_at IS NULL
        """
    static let upsert = """
        ON CONFLICT (contact_id) DO UPDATE SET score = excluded.score, band = excluded.band, explanation = excluded.explanation,
        computed_at = excluded.computed_at
        """
    static let eventsTarget = InsertTarget("events", ["id", "type", "entity_type", "entity_id", "actor_id", "occurred_at", "payload"])
    /// Rows per upsert statement: 5 binds each, well under both databases' limits.
    static let rowsPerStatement = 500

    /// Scores one batch of `selection` (at most `limit` contacts) with `scorer`.
    @discardableResult
    public func rescore(_ selection: ContactSelection, scorer: Scorer, limit: Int? = nil, _ conn: any SQLConnection) throws -> BatchResult {
        let now = context.clock.now
        let condition = selection.condition
        var sql = Self.columns + condition.sql + " ORDER BY c.id"
        var binds = condition.binds
        if let limit { sql += " LIMIT ?"; binds.append(.int(limit)) }
        let contacts = try conn.query(sql, binds)
        var result = BatchResult()
        guard let first = contacts.first, let last = contacts.last else { return result }
        result.scored = contacts.count
        result.lastID = Self.text(last.values[0])
        let signals = try self.signals(of: contacts, range: selection.isContiguous ? (Self.text(first.values[0]) ?? "", result.lastID ?? "") : nil, now: now, conn)
        var upserts: [SQLValue] = [], events: [SQLValue] = []
        upserts.reserveCapacity(contacts.count * 5)
        let nowValue = SQLValue.date(now)
        for row in contacts {
            let v = row.values
            guard let id = Self.text(v[0]) else { continue }
            let facts = LeadFacts(title: Self.text(v[1]), industry: Self.text(v[4]), companySize: Self.integer(v[5]), annualRevenue: Self.integer(v[6]),
                                  region: Self.text(v[2]) ?? Self.text(v[7]), country: Self.text(v[3]) ?? Self.text(v[8]), signals: signals[id] ?? [])
            let score = scorer.score(facts)
            let explanation = Explanation.json(score.contributions)
            let oldBand = Self.text(v[10]).flatMap(ScoreBand.init(rawValue:))
            if Self.integer(v[9]) == Int64(score.score), oldBand == score.band, Self.text(v[11]) == explanation { continue }
            upserts += [.text(id), .int(score.score), .text(score.band.rawValue), .text(explanation), nowValue]
            result.written += 1
            let before = oldBand ?? .cold
            guard before != score.band else { continue }
            result.bandChanges += 1
            let payload = Self.payload(id: id, score: score, previous: oldBand)
            events += Self.event("lead.score_changed", contact: id, payload: payload, at: nowValue, now: now)
            if score.band == .hot { events += Self.event("lead.became_hot", contact: id, payload: payload, at: nowValue, now: now) }
        }
        try write(upserts, conn)
        if !events.isEmpty { try conn.insert(into: Self.eventsTarget, values: events) }
        return result
    }

    /// Scores every contact of `selection` in batches of `settings.batchSize`, in this transaction.
    @discardableResult
    public func rescoreAll(company: String, scorer: Scorer, _ conn: any SQLConnection) throws -> BatchResult {
        var total = BatchResult(), after: String?
        while true {
            let batch = try rescore(.company(company, after: after), scorer: scorer, limit: settings.batchSize, conn)
            guard let last = batch.lastID else { return total }
            total.scored += batch.scored
            total.written += batch.written
            total.bandChanges += batch.bandChanges
            total.lastID = last
            after = last
        }
    }

    /// Removes the score of contacts that are archived: they leave the lists until restored.
    @discardableResult
    public func dropArchived(_ conn: any SQLConnection) throws -> Int {
        try conn.execute("DELETE FROM lead_scores WHERE contact_id IN (SELECT id FROM contacts WHERE archived_at IS NOT NULL)")
    }

    /// The signal counts of a batch, by contact: by id range when the batch is every contact of
    /// the range, else by the batch's ids.
    func signals(of contacts: [SQLRow], range: (String, String)?, now: Date, _ conn: any SQLConnection) throws -> [String: [SignalCount]] {
        var binds: [SQLValue] = [.date(now)]
        let condition: String
        if let range {
            condition = "contact_id >= ? AND contact_id <= ?"
            binds += [.text(range.0), .text(range.1)]
        } else {
            condition = "contact_id IN (\(contacts.map { _ in "?" }.joined(separator: ", ")))"
            binds += contacts.map { $0.values[0] }
        }
        let rows = try conn.query("""
            SELECT contact_id, kind, (? - occurred_at) / 86400000 AS age_days, COUNT(*) AS n FROM lead_signals
            WHERE \(condition) GROUP BY contact_id, kind, age_days
            """, binds)
        var signals: [String: [SignalCount]] = [:]
        for row in rows {
            let v = row.values
            guard let id = Self.text(v[0]), let kind = Self.text(v[1]).flatMap(SignalKind.init(rawValue:)) else { continue }
            signals[id, default: []].append(SignalCount(kind: kind, ageDays: max(0, Int(Self.integer(v[2]) ?? 0)), count: Int(Self.integer(v[3]) ?? 0)))
        }
        return signals
    }

    /// Upserts the rows of `values` (five values each) a few hundred per statement.
    private func write(_ values: [SQLValue], _ conn: any SQLConnection) throws {
        let perRow = 5
        var start = 0
        while start < values.count {
            let end = min(values.count, start + Self.rowsPerStatement * perRow)
            let rows = (end - start) / perRow
            let placeholders = repeatElement("(?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
            try conn.execute("INSERT INTO lead_scores (contact_id, score, band, explanation, computed_at) VALUES \(placeholders) \(Self.upsert)",
                             Array(values[start..<end]))
            start = end
        }
    }

    static func payload(id: String, score: LeadScore, previous: ScoreBand?) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("contact_id", id)
        writer.field("score", score.score)
        writer.field("band", score.band.rawValue)
        writer.field("previous_band", previous?.rawValue)
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func event(_ type: String, contact: String, payload: String, at: SQLValue, now: Date) -> [SQLValue] {
        [.text(EntityID.make(IDPrefix.event, at: now)), .text(type), .text("contact"), .text(contact), .null, at, .text(payload)]
    }

    static func text(_ value: SQLValue) -> String? {
        if case .text(let text) = value { return text }
        return nil
    }

    static func integer(_ value: SQLValue) -> Int64? {
        switch value {
        case .integer(let number): number
        case .real(let number): Int64(number)
        default: nil
        }
    }
}
