import CarnetCore
import Foundation

/// Keeps `duplicate_keys` and `duplicate_pairs` up to date, in the transaction of each
/// contact or company write.
///
/// A record's keys are replaced, then the records sharing one of them are read and scored
/// against it: a few index lookups per write. A key shared by more than `blockLimit` records
/// (a switchboard number, a common surname at a big customer) tells nothing and is skipped.
public struct DuplicateIndex: Sendable {
    /// The region national phone numbers are read in.
    public let region: String

    /// The most records one key may group before it is ignored for pairing.
    public static let blockLimit = 50

    public init(region: String) {
        self.region = region
    }

    static let keysInsert = InsertTarget("duplicate_keys", ["entity_type", "key", "entity_id"])
    static let pairsInsert = InsertTarget("duplicate_pairs", ["entity_type", "first_id", "second_id", "score", "reasons"])

    /// The profile of a contact as stored now: nil when it is archived.
    public func profile(_ contact: Contact) -> DuplicateProfile? {
        contact.archivedAt == nil ? DuplicateProfile(contact: contact, region: region) : nil
    }

    /// The profile of a company as stored now: nil when it is archived.
    public func profile(_ company: Company) -> DuplicateProfile? {
        company.archivedAt == nil ? DuplicateProfile(company: company) : nil
    }

    /// Re-derives the keys and pairs of record `id` of kind `entity`, now described by
    /// `profile` (nil once archived or erased) and before by `previous` (nil when new).
    /// Nothing to do when the profile did not change.
    public func refresh(_ entity: DuplicateEntity, id: String, profile: DuplicateProfile?, previous: DuplicateProfile?, _ conn: any SQLConnection) throws {
        if let profile, profile == previous { return }
        let kind = SQLValue.text(entity.rawValue)
        if previous != nil || profile == nil {
            try forget(entity, id: id, conn)
        }
        guard let profile, !profile.keys.isEmpty else { return }
        try conn.insert(into: Self.keysInsert, values: profile.keys.flatMap { [kind, .text($0), .text(id)] })
        // One statement for every key (one round trip on PostgreSQL), each key's block read up to one past the limit.
        let lookups = profile.keys.indices.map { "SELECT * FROM (SELECT key, entity_id FROM duplicate_keys WHERE entity_type = ? AND key = ? LIMIT ?) AS k\($0)" }
        let rows = try conn.query(lookups.joined(separator: " UNION ALL "), profile.keys.flatMap { [kind, .text($0), .int(Self.blockLimit + 1)] })
        var blocks: [String: [String]] = [:]
        for row in rows { blocks[row.string("key") ?? "", default: []].append(row.string("entity_id") ?? "") }
        var others = Set<String>()
        for members in blocks.values where members.count <= Self.blockLimit {
            others.formUnion(members.filter { $0 != id })
        }
        guard !others.isEmpty else { return }
        let candidates = try profiles(entity, ids: Array(others), conn)
        try insertPairs(entity, candidates.compactMap { other in DuplicateMatch.between(profile, other).map { (profile.id, other.id, $0) } }, conn)
    }

    /// Indexes many new records at once (an import's batch): their keys in one multi-row
    /// insert, then one grouped query for the blocks they share with any record, and the
    /// pairs of each new record with the others of its blocks.
    public func added(_ entity: DuplicateEntity, _ profiles: [DuplicateProfile], _ conn: any SQLConnection) throws {
        let keys = Array(Set(profiles.flatMap(\.keys)))
        guard !keys.isEmpty else { return }
        let kind = SQLValue.text(entity.rawValue)
        try conn.insert(into: Self.keysInsert, values: profiles.flatMap { profile in profile.keys.flatMap { [kind, .text($0), .text(profile.id)] } })
        let new = Dictionary(profiles.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var candidates = Set<[String]>()
        for start in stride(from: 0, to: keys.count, by: 2000) {
            let chunk = keys[start..<min(start + 2000, keys.count)]
            let marks = repeatElement("?", count: chunk.count).joined(separator: ", ")
            let rows = try conn.query("""
                SELECT key, entity_id FROM duplicate_keys WHERE entity_type = ? AND key IN (
                    SELECT key FROM duplicate_keys WHERE entity_type = ? AND key IN (\(marks)) GROUP BY key HAVING COUNT(*) BETWEEN 2 AND ?)
                """, [kind, kind] + chunk.map { .text($0) } + [.int(Self.blockLimit)])
            var blocks: [String: [String]] = [:]
            for row in rows { blocks[row.string("key") ?? "", default: []].append(row.string("entity_id") ?? "") }
            for members in blocks.values {
                for (i, a) in members.enumerated() {
                    for b in members[(i + 1)...] where a != b && (new[a] != nil || new[b] != nil) { candidates.insert([min(a, b), max(a, b)]) }
                }
            }
        }
        let others = Set(candidates.flatMap { $0 }).filter { new[$0] == nil }
        var known = new
        for profile in try self.profiles(entity, ids: Array(others), conn) { known[profile.id] = profile }
        try insertPairs(entity, candidates.compactMap { pair in
            guard let a = known[pair[0]], let b = known[pair[1]], let match = DuplicateMatch.between(a, b) else { return nil }
            return (pair[0], pair[1], match)
        }, conn)
    }

    /// Removes the keys and pairs of record `id`.
    func forget(_ entity: DuplicateEntity, id: String, _ conn: any SQLConnection) throws {
        let kind = SQLValue.text(entity.rawValue)
        try conn.execute("DELETE FROM duplicate_keys WHERE entity_id = ?", [.text(id)])
        try conn.execute("DELETE FROM duplicate_pairs WHERE entity_type = ? AND (first_id = ? OR second_id = ?)", [kind, .text(id), .text(id)])
    }

    /// Re-derives the keys and pairs of the records `ids` from what is stored now, whatever
    /// they were before: after a merge or its undo moved contacts to another company.
    func rebuild(_ entity: DuplicateEntity, ids: [String], _ conn: any SQLConnection) throws {
        let current = try profiles(entity, ids: ids, conn)
        for id in ids { try forget(entity, id: id, conn) }
        for profile in current { try refresh(entity, id: profile.id, profile: profile, previous: nil, conn) }
    }

    /// The profiles of the live records among `ids`.
    func profiles(_ entity: DuplicateEntity, ids: [String], _ conn: any SQLConnection) throws -> [DuplicateProfile] {
        var result: [DuplicateProfile] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            let marks = repeatElement("?", count: chunk.count).joined(separator: ", ")
            let rows = try conn.query("SELECT * FROM \(entity.table) WHERE id IN (\(marks)) AND archived_at IS NULL", chunk.map { .text($0) })
            switch entity {
            case .contact: result += rows.map { DuplicateProfile(contact: Contact(row: $0), region: region) }
            case .company: result += rows.map { DuplicateProfile(company: Company(row: $0)) }
            }
        }
        return result
    }

    /// Stores scored pairs, each with its ids in order.
    func insertPairs(_ entity: DuplicateEntity, _ pairs: [(String, String, DuplicateMatch)], _ conn: any SQLConnection) throws {
        guard !pairs.isEmpty else { return }
        var values: [SQLValue] = []
        values.reserveCapacity(pairs.count * 5)
        for (a, b, match) in pairs {
            values += [.text(entity.rawValue), .text(min(a, b)), .text(max(a, b)), .integer(Int64((match.score * 1000).rounded())), .json(match.reasons)]
        }
        try conn.insert(into: Self.pairsInsert, values: values)
    }
}
