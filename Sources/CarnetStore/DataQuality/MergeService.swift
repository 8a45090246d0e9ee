import CarnetCore
import Foundation

/// Merges two contacts or two companies, and undoes a merge.
///
/// A merge, in one transaction: the survivor takes the chosen fields (an ordinary update, with
/// its audit rows and event), every row that pointed at the merged record points at the survivor
/// (`references`: the core's and every module's, enabled or not), the merged record is archived
/// and marked `merged_into`, and the `merges` row keeps both records' stored rows and the ids of
/// the moved rows. The undo writes both rows back column by column and moves exactly those rows
/// back, so the database is as it was (its audit log and events aside, which grow).
public struct MergeService: Sendable {
    public let context: ServiceContext
    let contacts: ContactService
    let companies: CompanyService
    /// The columns that point at contacts or companies, with the module whose table holds them.
    let references: [(module: String?, reference: RecordReference)]
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    /// The core's own references; modules add theirs through `CarnetModule.references`.
    static let coreReferences: [RecordReference] = [
        RecordReference(table: "deals", column: "contact_id", entity: .contact),
        RecordReference(table: "activities", column: "contact_id", entity: .contact),
        RecordReference(table: "contacts", column: "company_id", entity: .company),
        RecordReference(table: "deals", column: "company_id", entity: .company),
        RecordReference(table: "activities", column: "company_id", entity: .company),
    ]

    public init(context: ServiceContext, catalog: ModuleCatalog) {
        self.context = context
        contacts = ContactService(context: context)
        companies = CompanyService(context: context)
        references = Self.coreReferences.map { (nil, $0) } + catalog.modules.flatMap { module in module.references.map { (module.id, $0) } }
    }

    /// Merges `request.mergedID` into `request.survivorID`, both of kind `entity`.
    public func merge(_ entity: DuplicateEntity, _ request: MergeRequest, actor: Actor, _ conn: any SQLConnection) throws -> Merge {
        try actor.require(.manage)
        try MergePlan.check(request.fields, entity: entity)
        guard request.survivorID != request.mergedID else {
            throw CarnetError.validation([FieldError("merged_id", "is the survivor itself; a record cannot be merged into itself")])
        }
        let survivorRow = try liveRow(entity, id: request.survivorID, field: "survivor_id", conn)
        let mergedRow = try liveRow(entity, id: request.mergedID, field: "merged_id", conn)
        try requireVersion(entity: entity.rawValue, id: request.survivorID, actual: survivorRow.int("version") ?? 0, expected: request.survivorVersion)
        try requireVersion(entity: entity.rawValue, id: request.mergedID, actual: mergedRow.int("version") ?? 0, expected: request.mergedVersion)
        let now = context.clock.now
        let id = EntityID.make("mrg", at: now)
        let survivorVersion = try applyChoices(entity, survivor: survivorRow, merged: mergedRow, choices: request.fields, actor: actor, conn)
        var moved: [MovedRows] = []
        let survivorName = try entity == .company ? companies.get(request.survivorID, conn).name : nil
        for (module, reference) in references where reference.entity == entity {
            guard try tableExists(module, conn) else { continue }
            let ids = try conn.query("SELECT \(reference.idColumn) AS row_id FROM \(reference.table) WHERE \(reference.column) = ? ORDER BY \(reference.idColumn)",
                                     [.text(request.mergedID)]).compactMap { $0.string("row_id") }
            guard !ids.isEmpty else { continue }
            try move(reference, ids: ids, from: request.mergedID, to: request.survivorID, companyName: survivorName, conn)
            moved.append(MovedRows(table: reference.table, column: reference.column, ids: ids))
        }
        let mergedVersion = (mergedRow.int("version") ?? 0) + 1
        guard try conn.execute("UPDATE \(entity.table) SET archived_at = ?, merged_into = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
                               [.date(now), .text(request.survivorID), .int(mergedVersion), .date(now), .text(request.mergedID), .int(mergedVersion - 1)]) == 1 else {
            throw CarnetError.versionConflict(entity: entity.rawValue, id: request.mergedID, expected: mergedVersion - 1, actual: mergedVersion)
        }
        try log.audit([FieldChange(field: "archived_at", old: .null, new: .string(Timestamp.format(now))),
                       FieldChange(field: "merged_into", old: .null, new: .string(request.survivorID))],
                      entity: entity.rawValue, id: request.mergedID, actor: actor, conn)
        try context.duplicates.forget(entity, id: request.mergedID, conn)
        try context.duplicates.rebuild(entity, ids: [request.survivorID], conn)
        if let contactsMoved = moved.first(where: { $0.table == "contacts" }) { try context.duplicates.rebuild(.contact, ids: contactsMoved.ids, conn) }
        let merge = Merge(id: id, entityType: entity, survivorID: request.survivorID, mergedID: request.mergedID, actorID: actor.userID, createdAt: now,
                          fields: request.fields, survivorBefore: RowImage.json(survivorRow), mergedBefore: RowImage.json(mergedRow), moved: moved,
                          undoUntil: undoLimit(from: now))
        try conn.execute("""
            INSERT INTO merges (id, entity_type, survivor_id, merged_id, actor_id, created_at, fields, survivor_before, merged_before,
                survivor_version, merged_version, moved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(id), .text(entity.rawValue), .text(request.survivorID), .text(request.mergedID), .string(actor.userID), .date(now),
                  .json(request.fields), .json(merge.survivorBefore), .json(merge.mergedBefore), .int(survivorVersion), .int(mergedVersion), .json(moved)])
        try log.event("\(entity.rawValue).merged", entity: entity.rawValue, id: request.survivorID, actor: actor, payload: eventPayload(merge), conn)
        return try get(id, conn)
    }

    /// Undoes a merge: both records as they were and every moved row back where it was.
    /// 409 when it was undone already or either record changed since; 422 once the period
    /// (`merge_undo_days`) is over.
    public func undo(_ id: String, actor: Actor, _ conn: any SQLConnection) throws -> Merge {
        try actor.require(.manage)
        guard let row = try conn.queryOne("SELECT * FROM merges WHERE id = ?", [.text(id)]) else { throw CarnetError.notFound(entity: "merge", id: id) }
        let merge = try Self.merge(row, undoDays: context.dataQuality.mergeUndoDays)
        let entity = merge.entityType
        if let undone = merge.undoneAt {
            throw CarnetError.invalidState("The merge \(id) was already undone on \(Timestamp.format(undone)).")
        }
        let now = context.clock.now
        guard now <= merge.undoUntil else {
            throw CarnetError.validation([FieldError("id", "the merge \(id) can only be undone within \(context.dataQuality.mergeUndoDays) days; that ended on \(Timestamp.format(merge.undoUntil))")])
        }
        for (recordID, expected, label) in [(merge.survivorID, row.int("survivor_version") ?? 0, "survivor"), (merge.mergedID, row.int("merged_version") ?? 0, "merged record")] {
            guard let current = try conn.queryOne("SELECT version FROM \(entity.table) WHERE id = ?", [.text(recordID)]) else {
                throw CarnetError.invalidState("The \(label) \(recordID) no longer exists, so the merge \(id) cannot be undone.")
            }
            let version = current.int("version") ?? 0
            guard version == expected else {
                throw CarnetError.invalidState("The \(label) \(recordID) was changed since the merge (version \(expected) then, \(version) now); undoing the merge would lose that change.")
            }
        }
        let survivorAfter = try snapshot(entity, id: merge.survivorID, conn)
        let mergedAfter = try snapshot(entity, id: merge.mergedID, conn)
        let survivorImage = row.json("survivor_before", as: JSONValue.self, fallback: .null)
        let mergedImage = row.json("merged_before", as: JSONValue.self, fallback: .null)
        try RowImage.restore(survivorImage, table: entity.table, conn)
        try RowImage.restore(mergedImage, table: entity.table, conn)
        if entity == .contact { try rewriteTags(of: merge.survivorID, conn) }
        let mergedName = entity == .company ? RowImage.row(mergedImage).string("name") : nil
        for rows in merge.moved {
            guard let reference = references.first(where: { $0.reference.table == rows.table && $0.reference.column == rows.column })?.reference else { continue }
            try move(reference, ids: rows.ids, from: merge.survivorID, to: merge.mergedID, companyName: mergedName, conn)
        }
        try log.audit(FieldChange.between(survivorAfter, try snapshot(entity, id: merge.survivorID, conn)), entity: entity.rawValue, id: merge.survivorID, actor: actor, conn)
        try log.audit(FieldChange.between(mergedAfter, try snapshot(entity, id: merge.mergedID, conn)) + [FieldChange(field: "merged_into", old: .string(merge.survivorID), new: .null)],
                      entity: entity.rawValue, id: merge.mergedID, actor: actor, conn)
        try context.duplicates.rebuild(entity, ids: [merge.survivorID, merge.mergedID], conn)
        if let contactsMoved = merge.moved.first(where: { $0.table == "contacts" }) { try context.duplicates.rebuild(.contact, ids: contactsMoved.ids, conn) }
        try conn.execute("UPDATE merges SET undone_at = ?, undone_by = ? WHERE id = ?", [.date(now), .string(actor.userID), .text(id)])
        try log.event("\(entity.rawValue).merge_undone", entity: entity.rawValue, id: merge.survivorID, actor: actor, payload: eventPayload(merge), conn)
        return try get(id, conn)
    }

    /// A merge by id; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> Merge {
        guard let row = try conn.queryOne("SELECT * FROM merges WHERE id = ?", [.text(id)]) else { throw CarnetError.notFound(entity: "merge", id: id) }
        return try Self.merge(row, undoDays: context.dataQuality.mergeUndoDays)
    }

    /// Merges newest first, keyset-paged by id (ids are time-ordered).
    public func list(limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<Merge> {
        var sql = "SELECT * FROM merges"
        var binds: [SQLValue] = []
        if let cursor {
            sql += " WHERE id < ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return try Page(rows: rows, limit: limit, item: { try Self.merge($0, undoDays: context.dataQuality.mergeUndoDays) }, cursor: { [$0.id] })
    }

    /// The survivor's new fields through an ordinary update; returns its version afterwards.
    private func applyChoices(_ entity: DuplicateEntity, survivor: SQLRow, merged: SQLRow, choices: [String: MergeSide], actor: Actor,
                              _ conn: any SQLConnection) throws -> Int {
        let (mine, theirs) = try (objectJSON(entity, survivor), objectJSON(entity, merged))
        let patch = try MergePlan.patch(survivor: mine, merged: theirs, choices: choices, entity: entity)
        let body = try CarnetJSON.encoder.encode(JSONValue.object(patch))
        let version = survivor.int("version") ?? 0
        let id = survivor.string("id") ?? ""
        switch entity {
        case .contact:
            return try contacts.update(id, CarnetJSON.decoder.decode(ContactPatch.self, from: body), expectedVersion: version, actor: actor, conn).version
        case .company:
            return try companies.update(id, CarnetJSON.decoder.decode(CompanyPatch.self, from: body), expectedVersion: version, actor: actor, conn).version
        }
    }

    /// Points the rows `ids` of a reference at `to` instead of `from`; contacts moved to
    /// another company also take its name as their search key.
    private func move(_ reference: RecordReference, ids: [String], from: String, to: String, companyName: String?, _ conn: any SQLConnection) throws {
        let key = reference.table == "contacts" && reference.column == "company_id" ? companyName.map(SearchKey.fold) : nil
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)]
            let marks = repeatElement("?", count: chunk.count).joined(separator: ", ")
            let set = key == nil ? "\(reference.column) = ?" : "\(reference.column) = ?, company_key = ?"
            let binds: [SQLValue] = [.text(to)] + (key.map { [SQLValue.text($0)] } ?? [])
            try conn.execute("UPDATE \(reference.table) SET \(set) WHERE \(reference.column) = ? AND \(reference.idColumn) IN (\(marks))",
                             binds + [.text(from)] + chunk.map { .text($0) })
        }
    }

    /// A live record's stored row; 404 naming `field` when there is none, 422 when it is
    /// archived or of another kind.
    private func liveRow(_ entity: DuplicateEntity, id: String, field: String, _ conn: any SQLConnection) throws -> SQLRow {
        if let kind = DuplicateEntity(id: id), kind != entity {
            throw CarnetError.validation([FieldError(field, "\(id) is a \(kind.rawValue), not a \(entity.rawValue): only records of one kind can be merged")])
        }
        guard let row = try conn.queryOne("SELECT * FROM \(entity.table) WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: entity.rawValue, id: id)
        }
        if row.int64("archived_at") != nil {
            throw CarnetError.validation([FieldError(field, "the \(entity.rawValue) \(id) is archived; restore it before merging")])
        }
        return row
    }

    /// The record as the API writes it, as a JSON object.
    private func objectJSON(_ entity: DuplicateEntity, _ row: SQLRow) throws -> [String: JSONValue] {
        guard case .object(let members) = Self.apiJSON(entity, row) else { return [:] }
        return members
    }

    private func snapshot(_ entity: DuplicateEntity, id: String, _ conn: any SQLConnection) throws -> JSONValue {
        guard let row = try conn.queryOne("SELECT * FROM \(entity.table) WHERE id = ?", [.text(id)]) else { return .null }
        return Self.apiJSON(entity, row)
    }

    static func apiJSON(_ entity: DuplicateEntity, _ row: SQLRow) -> JSONValue {
        switch entity {
        case .contact: JSONValue.of(Contact(row: row))
        case .company: JSONValue.of(Company(row: row))
        }
    }

    private func rewriteTags(of id: String, _ conn: any SQLConnection) throws {
        let contact = try contacts.get(id, conn)
        try conn.execute("DELETE FROM contact_tags WHERE contact_id = ?", [.text(id)])
        for tag in Set(contact.tags.map { $0.lowercased() }) {
            try conn.execute("INSERT INTO contact_tags (tag, contact_id) VALUES (?, ?)", [.text(tag), .text(id)])
        }
    }

    /// Whether the tables of `module` exist: a module never enabled has none.
    private func tableExists(_ module: String?, _ conn: any SQLConnection) throws -> Bool {
        guard let module else { return true }
        return try conn.queryOne("SELECT 1 AS applied FROM schema_migrations WHERE module = ? LIMIT 1", [.text(module)]) != nil
    }

    private func undoLimit(from date: Date) -> Date {
        date.addingTimeInterval(TimeInterval(context.dataQuality.mergeUndoDays) * 86_400)
    }

    private func eventPayload(_ merge: Merge) -> JSONValue {
        .object(["merge_id": .string(merge.id), "survivor_id": .string(merge.survivorID), "merged_id": .string(merge.mergedID),
                 "moved": .object(merge.moved.reduce(into: [String: JSONValue]()) { $0["\($1.table).\($1.column)"] = .number(Double($1.ids.count)) })])
    }

    /// A `merges` row as the API shows it: the before-images as the records' API form.
    static func merge(_ row: SQLRow, undoDays: Int) throws -> Merge {
        guard let entity = row.string("entity_type").flatMap(DuplicateEntity.init(rawValue:)) else {
            throw StoreError.sql(message: "unknown entity type in merges", sql: "SELECT * FROM merges")
        }
        let created = row.date("created_at") ?? Date(timeIntervalSince1970: 0)
        return Merge(id: row.string("id") ?? "", entityType: entity, survivorID: row.string("survivor_id") ?? "", mergedID: row.string("merged_id") ?? "",
                     actorID: row.string("actor_id"), createdAt: created, fields: row.json("fields", as: [String: MergeSide].self, fallback: [:]),
                     survivorBefore: apiJSON(entity, RowImage.row(row.json("survivor_before", as: JSONValue.self, fallback: .null))),
                     mergedBefore: apiJSON(entity, RowImage.row(row.json("merged_before", as: JSONValue.self, fallback: .null))),
                     moved: row.json("moved", as: [MovedRows].self, fallback: []),
                     undoUntil: created.addingTimeInterval(TimeInterval(undoDays) * 86_400), undoneAt: row.date("undone_at"), undoneBy: row.string("undone_by"))
    }
}
