import CarnetCore
import CarnetStore
import Foundation

/// Reads stored scores: one contact's with its explanation, and lists hottest first.
public struct ScoreService: Sendable {
    public init() {}

    /// The score of a contact; 404 when the contact does not exist or has no score yet.
    public func get(_ contactID: String, language: Language, _ conn: any SQLConnection) throws -> ContactScore {
        guard let row = try conn.queryOne("SELECT * FROM lead_scores WHERE contact_id = ?", [.text(contactID)]) else {
            throw CarnetError.notFound(entity: "lead score", id: contactID)
        }
        let contributions = Explanation.contributions(row.string("explanation") ?? "[]")
        return ContactScore(contactID: contactID, score: row.int("score") ?? 0, band: row.string("band").flatMap(ScoreBand.init(rawValue:)) ?? .cold,
                            explanation: contributions.map { ContactScore.Item(rule: $0.rule, label: $0.label, points: $0.points, detail: Explanation.detail($0, language)) },
                            computedAt: row.date("computed_at") ?? Date(timeIntervalSince1970: 0))
    }

    /// One page of scores, highest first (ties by contact id, descending), optionally of one band.
    public func list(band: ScoreBand?, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<ScoreEntry> {
        var sql = "SELECT contact_id, score, band, computed_at FROM lead_scores WHERE 1 = 1"
        var binds: [SQLValue] = []
        if let band { sql += " AND band = ?"; binds.append(.text(band.rawValue)) }
        if let cursor {
            let values = try Cursor.decode(cursor, count: 2)
            guard let score = Int64(values[0]) else { throw CarnetError.malformed(detail: "The cursor is not one this list returned.", field: "cursor") }
            sql += " AND (score < ? OR (score = ? AND contact_id < ?))"
            binds += [.integer(score), .integer(score), .text(values[1])]
        }
        sql += " ORDER BY score DESC, contact_id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: { row in
            ScoreEntry(contactID: row.string("contact_id") ?? "", score: row.int("score") ?? 0,
                       band: row.string("band").flatMap(ScoreBand.init(rawValue:)) ?? .cold, computedAt: row.date("computed_at") ?? Date(timeIntervalSince1970: 0))
        }, cursor: { [String($0.score), $0.contactID] })
    }
}
