import CarnetCore
import CarnetStore
import Foundation

/// Capture forms: written by managers and admins, listed by slug, archived rather than deleted
/// (an archived form's address answers 404; its submissions stay). Each change with its event
/// and audit rows.
public struct CaptureFormService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// Creates a form; a slug already taken is a 409 naming `slug`.
    public func create(_ patch: CaptureFormPatch, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> CaptureForm {
        try actor.require(.manage)
        let now = context.clock.now
        var form = CaptureForm(id: EntityID.make("cfm", at: now), slug: "", title: "", fields: [], at: now)
        form.apply(patch)
        try form.validate(language: language)
        try requireFreeSlug(form, conn)
        try conn.execute(CaptureForm.insertSQL, form.insertBinds)
        try log.created("capture_form.created", entity: "capture_form", id: form.id, row: form, actor: actor, conn)
        return form
    }

    /// A form by id, archived or not; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> CaptureForm {
        guard let row = try conn.queryOne("SELECT * FROM capture_forms WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "capture form", id: id)
        }
        return CaptureForm(row: row)
    }

    /// The live form published at `slug`; 404 when there is none (or it is archived).
    public func published(slug: String, _ conn: any SQLConnection) throws -> CaptureForm {
        guard CaptureForm.isSlug(slug),
              let row = try conn.queryOne("SELECT * FROM capture_forms WHERE slug = ? AND archived_at IS NULL", [.text(slug)]) else {
            throw CarnetError.notFound(entity: "form", id: String(slug.prefix(60)))
        }
        return CaptureForm(row: row)
    }

    /// Changes a form if it is still at `expectedVersion`.
    public func update(_ id: String, _ patch: CaptureFormPatch, expectedVersion: Int?, actor: Actor, language: Language = .en,
                       _ conn: any SQLConnection) throws -> CaptureForm {
        try actor.require(.manage)
        let current = try get(id, conn)
        try requireVersion(entity: "capture form", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var form = current
        form.apply(patch)
        try form.validate(language: language)
        if form.slug != current.slug { try requireFreeSlug(form, conn) }
        return try save(form, replacing: current, event: "capture_form.updated", actor: actor, conn)
    }

    /// Archives a form: its address stops answering; again is a no-op.
    public func archive(_ id: String, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> CaptureForm {
        try actor.require(.manage)
        let current = try get(id, conn)
        try requireVersion(entity: "capture form", id: id, actual: current.version, expected: expectedVersion)
        guard current.archivedAt == nil else { return current }
        var form = current
        form.archivedAt = context.clock.now
        return try save(form, replacing: current, event: "capture_form.archived", actor: actor, conn)
    }

    /// Forms by slug, live ones unless `archived`.
    public func list(archived: Bool, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<CaptureForm> {
        var sql = "SELECT * FROM capture_forms WHERE archived_at IS \(archived ? "NOT NULL" : "NULL")"
        var binds: [SQLValue] = []
        if let cursor {
            sql += " AND slug > ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        sql += " ORDER BY slug LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: CaptureForm.init(row:), cursor: { [$0.slug] })
    }

    private func requireFreeSlug(_ form: CaptureForm, _ conn: any SQLConnection) throws {
        if try conn.queryOne("SELECT id FROM capture_forms WHERE slug = ? AND id <> ?", [.text(form.slug), .text(form.id)]) != nil {
            throw CarnetError.duplicate(entity: "capture form", field: "slug", value: form.slug)
        }
    }

    private func save(_ changed: CaptureForm, replacing current: CaptureForm, event: String, actor: Actor, _ conn: any SQLConnection) throws -> CaptureForm {
        let changes = FieldChange.between(current, changed)
        guard !changes.isEmpty else { return current }
        var form = changed
        form.version = current.version + 1
        form.updatedAt = context.clock.now
        guard try conn.execute(CaptureForm.updateSQL, form.updateBinds(expectedVersion: current.version)) == 1 else {
            throw CarnetError.versionConflict(entity: "capture form", id: form.id, expected: current.version, actual: try get(form.id, conn).version)
        }
        try log.audit(changes, entity: "capture_form", id: form.id, actor: actor, conn)
        try log.event(event, entity: "capture_form", id: form.id, actor: actor, payload: FieldChange.payload(changes), conn)
        return form
    }
}
