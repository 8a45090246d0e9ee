import CarnetCore

extension ContactService {
    /// Makes one change to each of the contacts `ids` through `update`, so each gets its
    /// audit rows, its event and its before-hooks; run it in one transaction and any refusal
    /// leaves every contact as it was. More than `ContactBulkChange.maximum` contacts is a 422
    /// before anything is read. Returns how many contacts changed (those that already had the
    /// change are left alone).
    public func bulkChange(_ ids: [String], _ change: ContactBulkChange, actor: Actor, language: Language, _ conn: any SQLConnection) throws -> Int {
        try actor.require(.write)
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0).inserted }
        try change.validate(count: unique.count, language: language)
        var changed = 0
        for id in unique {
            guard let patch = change.patch(for: try get(id, conn)) else { continue }
            _ = try update(id, patch, expectedVersion: nil, actor: actor, conn)
            changed += 1
        }
        return changed
    }
}
