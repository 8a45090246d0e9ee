import CarnetCore
import Foundation

extension ChangeLog {
    /// Archives (`archive == true`) or restores a row of `table`, if its version is still
    /// `expectedVersion` (when given): writes `archived_at`, one audit row and the
    /// `<entity>.archived|restored` event. Doing it twice is a no-op.
    func setArchived<Row: Archivable>(_ row: Row, _ archive: Bool, expectedVersion: Int?, table: String, entity: String,
                                      actor: Actor, _ conn: any SQLConnection) throws -> Row {
        try requireVersion(entity: entity, id: row.id, actual: row.version, expected: expectedVersion)
        guard (row.archivedAt != nil) != archive else { return row }
        let now = clock.now
        guard try conn.execute("UPDATE \(table) SET archived_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
                               [archive ? .date(now) : .null, .date(now), .text(row.id), .int(row.version)]) == 1 else {
            throw CarnetError.versionConflict(entity: entity, id: row.id, expected: row.version, actual: row.version + 1)
        }
        try audit([FieldChange(field: "archived_at", old: row.archivedAt.map { .string(Timestamp.format($0)) } ?? .null,
                               new: archive ? .string(Timestamp.format(now)) : .null)], entity: entity, id: row.id, actor: actor, conn)
        try event(archive ? EventType.archived(entity) : EventType.restored(entity), entity: entity, id: row.id, actor: actor, payload: .object([:]), conn)
        var changed = row
        changed.archivedAt = archive ? now : nil
        changed.version += 1
        changed.updatedAt = now
        return changed
    }
}
