import CarnetCore
import Foundation

/// Candidate duplicate pairs: listed best first, dismissed, and rebuilt from scratch.
public struct DuplicateService: Sendable {
    public let context: ServiceContext
    var index: DuplicateIndex { context.duplicates }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// The job that rebuilds the index of both kinds (`rebuild`), queued by
    /// `POST /api/v1/duplicates/scan` and run by the core's worker.
    public static let scanJob = "duplicates.scan"

    /// The job handler of `scanJob`.
    public var scanHandler: JobHandler {
        JobHandler(kind: Self.scanJob) { _, conn in
            for entity in DuplicateEntity.allCases { _ = try rebuild(entity, conn) }
        }
    }

    /// The default least score of a listed pair.
    public static let defaultThreshold = 0.7

    /// Pairs of `entity` scoring at least `threshold` (0–1), best first, not dismissed;
    /// keyset-paged on (score, first id, second id).
    public func list(_ entity: DuplicateEntity, threshold: Double, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<DuplicatePair> {
        var sql = """
            SELECT first_id, second_id, score, reasons FROM duplicate_pairs p WHERE entity_type = ? AND score >= ?
            AND NOT EXISTS (SELECT 1 FROM duplicate_dismissals d WHERE d.entity_type = p.entity_type AND d.first_id = p.first_id AND d.second_id = p.second_id)
            """
        var binds: [SQLValue] = [.text(entity.rawValue), .integer(Int64((threshold * 1000).rounded()))]
        if let cursor {
            let values = try Cursor.decode(cursor, count: 3)
            guard let score = Int64(values[0]) else { throw CarnetError.malformed(detail: "The cursor is not one this list returned.", field: "cursor") }
            sql += " AND (score, first_id, second_id) < (?, ?, ?)"
            binds += [.integer(score), .text(values[1]), .text(values[2])]
        }
        sql += " ORDER BY score DESC, first_id DESC, second_id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        let page = Array(rows.prefix(limit))
        let ids = Array(Set(page.flatMap { [$0.string("first_id") ?? "", $0.string("second_id") ?? ""] }))
        var records: [String: JSONValue] = [:]
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            let marks = repeatElement("?", count: chunk.count).joined(separator: ", ")
            for row in try conn.query("SELECT * FROM \(entity.table) WHERE id IN (\(marks))", chunk.map { .text($0) }) {
                records[row.string("id") ?? ""] = MergeService.apiJSON(entity, row)
            }
        }
        let items = page.map { row in
            DuplicatePair(entityType: entity, first: records[row.string("first_id") ?? ""] ?? .null, second: records[row.string("second_id") ?? ""] ?? .null,
                          score: Double(row.int64("score") ?? 0) / 1000, reasons: row.json("reasons", as: [DuplicateReason].self, fallback: []))
        }
        let next = rows.count > limit ? page.last.map { Cursor.encode([String($0.int64("score") ?? 0), $0.string("first_id") ?? "", $0.string("second_id") ?? ""]) } : nil
        return Page(items: items, nextCursor: next)
    }

    /// Marks two records "not a duplicate"; doing it again changes nothing.
    public func dismiss(_ request: DismissRequest, actor: Actor, _ conn: any SQLConnection) throws -> DuplicateDismissal {
        try actor.require(.manage)
        guard request.firstID != request.secondID else {
            throw CarnetError.validation([FieldError("second_id", "is the same record as first_id")])
        }
        guard let entity = DuplicateEntity(id: request.firstID) else { throw CarnetError.notFound(entity: "contact or company", id: request.firstID) }
        guard DuplicateEntity(id: request.secondID) == entity else {
            throw CarnetError.validation([FieldError("second_id", "must be a \(entity.rawValue) like first_id")])
        }
        for id in [request.firstID, request.secondID] where try conn.queryOne("SELECT id FROM \(entity.table) WHERE id = ?", [.text(id)]) == nil {
            throw CarnetError.notFound(entity: entity.rawValue, id: id)
        }
        let first = min(request.firstID, request.secondID), second = max(request.firstID, request.secondID)
        let now = context.clock.now
        try conn.execute("""
            INSERT INTO duplicate_dismissals (entity_type, first_id, second_id, dismissed_by, dismissed_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (entity_type, first_id, second_id) DO NOTHING
            """, [.text(entity.rawValue), .text(first), .text(second), .string(actor.userID), .date(now)])
        guard let row = try conn.queryOne("SELECT * FROM duplicate_dismissals WHERE entity_type = ? AND first_id = ? AND second_id = ?",
                                          [.text(entity.rawValue), .text(first), .text(second)]) else {
            throw StoreError.sql(message: "the dismissal just written is missing", sql: "duplicate_dismissals")
        }
        return DuplicateDismissal(entityType: entity, firstID: first, secondID: second, dismissedBy: row.string("dismissed_by"),
                                  dismissedAt: row.date("dismissed_at") ?? now)
    }

    /// Rebuilds the keys and pairs of every live record of `entity` from scratch, for data
    /// written before this index existed or by an import.
    ///
    /// Reads the records in pages by id (never the whole table at once) and writes their keys
    /// in multi-row inserts; then one grouped query lists the keys shared by 2 to `blockLimit`
    /// records, and only those records are read again and compared.
    public func rebuild(_ entity: DuplicateEntity, _ conn: any SQLConnection) throws -> DuplicateScanReport {
        let kind = SQLValue.text(entity.rawValue)
        try conn.execute("DELETE FROM duplicate_pairs WHERE entity_type = ?", [kind])
        try conn.execute("DELETE FROM duplicate_keys WHERE entity_type = ?", [kind])
        var records = 0, keys = 0
        var after = ""
        let columns = entity == .contact ? "id, first_name, last_name, email, emails, phones, company_id" : "id, name, website"
        while true {
            let rows = try conn.query("SELECT \(columns) FROM \(entity.table) WHERE archived_at IS NULL AND id > ? ORDER BY id LIMIT 5000", [.text(after)])
            guard let last = rows.last?.string("id") else { break }
            after = last
            var values: [SQLValue] = []
            for row in rows {
                let profile = entity == .contact ? DuplicateProfile(contact: Contact(row: row), region: index.region) : DuplicateProfile(company: Company(row: row))
                for key in profile.keys { values += [kind, .text(key), .text(profile.id)] }
            }
            records += rows.count
            keys += values.count / 3
            if !values.isEmpty { try conn.insert(into: DuplicateIndex.keysInsert, values: values) }
        }
        let members = try conn.query("""
            SELECT k.key, k.entity_id FROM duplicate_keys k WHERE k.entity_type = ? AND k.key IN (
                SELECT key FROM duplicate_keys WHERE entity_type = ? GROUP BY key HAVING COUNT(*) BETWEEN 2 AND ?)
            ORDER BY k.key, k.entity_id
            """, [kind, kind, .int(DuplicateIndex.blockLimit)])
        var candidates = Set<[String]>()
        var block: [String] = []
        var blockKey: String?
        for row in members + [SQLRow(columns: SQLColumns(["key", "entity_id"]), values: [.null, .null])] {
            let key = row.string("key")
            if key != blockKey {
                for (i, a) in block.enumerated() { for b in block[(i + 1)...] { candidates.insert([a, b]) } }
                block = []
                blockKey = key
            }
            if let id = row.string("entity_id") { block.append(id) }
        }
        let ids = Array(Set(candidates.flatMap { $0 }))
        var profiles: [String: DuplicateProfile] = [:]
        for profile in try index.profiles(entity, ids: ids, conn) { profiles[profile.id] = profile }
        var pairs: [(String, String, DuplicateMatch)] = []
        for pair in candidates {
            guard let a = profiles[pair[0]], let b = profiles[pair[1]], let match = DuplicateMatch.between(a, b) else { continue }
            pairs.append((pair[0], pair[1], match))
        }
        for start in stride(from: 0, to: pairs.count, by: 1000) {
            try index.insertPairs(entity, Array(pairs[start..<min(start + 1000, pairs.count)]), conn)
        }
        return DuplicateScanReport(entityType: entity, records: records, keys: keys, pairs: pairs.count)
    }
}
