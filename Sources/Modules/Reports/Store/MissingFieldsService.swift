import CarnetCore
import CarnetStore
import Foundation

/// Counts the records lacking each critical field, for everyone and per owner, and lists them.
///
/// One grouped query per kind of record, a single pass over its live rows whatever the number
/// of rules: each rule is a `SUM(CASE WHEN … THEN 1 ELSE 0 END)` column.
struct MissingFieldsService: Sendable {
    let settings: ReportsSettings

    /// The API list of the records at fault, which each count links to.
    static let recordsPath = "/api/v1/reports/missing-fields/records"
    /// How `owner` names the records that have no owner.
    static let noOwner = "none"

    /// The counts for `kinds` (in their order), of one owner when the filters name one.
    func report(_ filters: ReportFilters, kinds: [RecordKind], _ conn: any SQLConnection) throws -> MissingFields {
        try filters.check(conn)
        var report = MissingFields(rules: [], owners: [])
        for kind in kinds {
            guard let rules = settings.criticalFields[kind], !rules.isEmpty else { continue }
            let sums = rules.enumerated().map { "SUM(CASE WHEN \($1.missingCondition) THEN 1 ELSE 0 END) AS m\($0)" }
            var sql = "SELECT owner_id, COUNT(*) AS n, \(sums.joined(separator: ", ")) FROM \(kind.table) WHERE \(kind.scope)"
            var binds: [SQLValue] = []
            if let owner = filters.ownerID { sql += " AND owner_id = ?"; binds.append(.text(owner)) }
            // Sorted here: the two databases put the NULL owner at opposite ends.
            let rows = try conn.query(sql + " GROUP BY owner_id", binds).sorted { ($0.string("owner_id") ?? "") < ($1.string("owner_id") ?? "") }
            for (index, rule) in rules.enumerated() {
                var records = 0, missing = 0
                for row in rows {
                    let count = Self.count(rule, owner: row.string("owner_id"), ownerLink: true, records: row.int("n") ?? 0,
                                           missing: row.int("m\(index)") ?? 0)
                    records += count.records
                    missing += count.missing
                    if count.missing > 0 { report.owners.append(count) }
                }
                report.rules.append(Self.count(rule, owner: filters.ownerID, ownerLink: filters.ownerID != nil, records: records, missing: missing))
            }
        }
        return report
    }

    /// One page of the records lacking `rule`'s fields, by id; `owner` nil for everyone's,
    /// ``noOwner`` for those without an owner.
    func records(_ rule: CriticalRule, owner: String?, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<MissingFieldRecord> {
        let kind = rule.kind
        var sql = "SELECT id, \(kind.nameExpression) AS name, owner_id FROM \(kind.table) WHERE \(kind.scope) AND \(rule.missingCondition)"
        var binds: [SQLValue] = []
        if owner == Self.noOwner {
            sql += " AND owner_id IS NULL"
        } else if let owner {
            sql += " AND owner_id = ?"
            binds.append(.text(owner))
        }
        if let cursor {
            sql += " AND id > ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        let rows = try conn.query(sql + " ORDER BY id LIMIT ?", binds + [.int(limit + 1)])
        let items = rows.prefix(limit).compactMap { row -> MissingFieldRecord? in
            guard let id = row.string("id") else { return nil }
            return MissingFieldRecord(id: id, name: row.string("name") ?? "", ownerID: row.string("owner_id"), page: kind.pagePath + id)
        }
        return Page(items: items, nextCursor: rows.count > limit ? items.last.map { Cursor.encode([$0.id]) } : nil)
    }

    /// A count with the link to its records (of its owner, or of no owner, when `ownerLink`).
    private static func count(_ rule: CriticalRule, owner: String?, ownerLink: Bool, records: Int, missing: Int) -> MissingFieldCount {
        var components = URLComponents()
        components.path = recordsPath
        components.queryItems = [URLQueryItem(name: "entity", value: rule.kind.rawValue), URLQueryItem(name: "rule", value: rule.text)]
        if ownerLink { components.queryItems?.append(URLQueryItem(name: "owner", value: owner ?? noOwner)) }
        let link = (components.string ?? recordsPath).replacingOccurrences(of: "|", with: "%7C")
        return MissingFieldCount(entity: rule.kind, rule: rule.text, ownerID: owner, records: records, missing: missing,
                                 rate: records > 0 ? Double(missing) / Double(records) : nil, link: link)
    }
}
