import CarnetCore
import Foundation

/// Filters of `GET /api/v1/contacts`.
public struct ContactQuery: Sendable {
    /// A prefix of the first or last name, full name, e-mail or company name.
    public var prefix: String?
    public var ownerID: String?
    public var companyID: String?
    public var tag: String?
    public var region: String?
    /// List archived contacts instead of live ones.
    public var archived = false
    /// Rows per page, kept within 1...200.
    public var limit = Limits.defaultPageSize {
        didSet { limit = Limits.clampPage(limit) }
    }
    public var cursor: String?

    public init(prefix: String? = nil, limit: Int = Limits.defaultPageSize, cursor: String? = nil) {
        self.prefix = prefix
        self.limit = Limits.clampPage(limit)
        self.cursor = cursor
    }
}

/// Contacts: create, read, change, list, archive, restore and erase, each with its event.
public struct ContactService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// Creates a contact owned by the actor unless the patch names an owner.
    public func create(_ patch: ContactPatch, actor: Actor, _ conn: any SQLConnection) throws -> Contact {
        try createWithJSON(patch, actor: actor, conn).entity
    }

    /// Creates a contact as `create` does; returns it with its JSON, for the API's answer.
    public func createWithJSON(_ patch: ContactPatch, actor: Actor, _ conn: any SQLConnection) throws -> Created<Contact> {
        try actor.require(.write)
        let now = context.clock.now
        var contact = Contact(id: EntityID.make(IDPrefix.contact, at: now), at: now)
        contact.ownerID = actor.userID
        contact.apply(patch)
        try contact.validate()
        if let fields = try context.hooks.run([EventType.created("contact")], entity: "contact", id: contact.id, record: contact, previous: nil, actor: actor, conn) {
            contact.apply(try HookPoint.decode(ContactPatch.self, from: fields))
            try contact.validate()
        }
        let companyName = try checkReferences(contact, previous: nil, conn)
        try conn.insert(into: Contact.insertTarget, values: contact.insertBinds(companyName: companyName))
        try writeTags(contact, replacing: false, conn)
        try context.duplicates.refresh(.contact, id: contact.id, profile: context.duplicates.profile(contact), previous: nil, conn)
        let json = try log.created(EventType.created("contact"), entity: "contact", id: contact.id, row: contact, actor: actor, conn)
        return Created(entity: contact, json: json)
    }

    /// A contact by id, archived or not; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> Contact {
        guard let row = try conn.queryOne("SELECT * FROM contacts WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "contact", id: id)
        }
        return Contact(row: row)
    }

    /// Applies a patch if the contact is still at `expectedVersion` (when given); 409 otherwise.
    public func update(_ id: String, _ patch: ContactPatch, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Contact {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "contact", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var contact = current
        contact.apply(patch)
        try contact.validate()
        let previous = JSONValue.of(current)
        let after = JSONValue.of(contact)
        var changes = FieldChange.between(previous, after)
        guard !changes.isEmpty else { return current }
        if let fields = try context.hooks.run([EventType.updated("contact")], entity: "contact", id: id, record: after, previous: previous,
                                              actor: actor, conn) {
            contact.apply(try HookPoint.decode(ContactPatch.self, from: fields))
            try contact.validate()
            changes = FieldChange.between(current, contact)
        }
        let companyName = try checkReferences(contact, previous: current, conn)
        contact.version = current.version + 1
        contact.updatedAt = context.clock.now
        guard try conn.execute(Contact.updateSQL, contact.updateBinds(companyName: companyName, expectedVersion: current.version)) == 1 else {
            throw CarnetError.versionConflict(entity: "contact", id: id, expected: current.version, actual: try get(id, conn).version)
        }
        if contact.tags != current.tags { try writeTags(contact, replacing: true, conn) }
        try context.duplicates.refresh(.contact, id: id, profile: context.duplicates.profile(contact), previous: context.duplicates.profile(current), conn)
        try log.audit(changes, entity: "contact", id: id, actor: actor, conn)
        try log.event(EventType.updated("contact"), entity: "contact", id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        return contact
    }

    /// Archives a contact: hidden from lists, kept with its history, restorable.
    public func archive(_ id: String, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Contact {
        try setArchived(id, true, expectedVersion: expectedVersion, actor: actor, conn)
    }

    /// Brings an archived contact back.
    public func restore(_ id: String, actor: Actor, _ conn: any SQLConnection) throws -> Contact {
        try actor.require(.manage)
        return try setArchived(id, false, expectedVersion: nil, actor: actor, conn)
    }

    private func setArchived(_ id: String, _ archive: Bool, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Contact {
        try actor.require(.write)
        let current = try get(id, conn)
        let contact = try log.setArchived(current, archive, expectedVersion: expectedVersion, table: "contacts", entity: "contact", actor: actor, conn)
        try context.duplicates.refresh(.contact, id: id, profile: context.duplicates.profile(contact), previous: context.duplicates.profile(current), conn)
        return contact
    }

    /// Erases a contact for a GDPR request: the row, its tags, its activities and audit
    /// trail are deleted, its events keep only the fact that something was erased, and
    /// its deals lose the link; the events of its activities are blanked too. Merges it took
    /// part in are forgotten (they held its before-image), so they can no longer be undone.
    /// The rows of `personalData` (the modules' tables about the contact, from
    /// ``ModuleCatalog/personalData``) are deleted too. Cannot be undone.
    public func erase(_ id: String, actor: Actor, personalData: [(module: String, reference: PersonalDataReference)] = [],
                      _ conn: any SQLConnection) throws {
        try actor.require(.administer)
        _ = try get(id, conn)
        // The modules' rows about the contact, of every module whose tables exist, on or off.
        let installed = Set(try conn.query("SELECT DISTINCT module FROM schema_migrations", []).compactMap { $0.string("module") })
        for (module, reference) in personalData where installed.contains(module) {
            try conn.execute("DELETE FROM \(reference.table) WHERE \(reference.contactColumn) = ?", [.text(id)])
        }
        try conn.execute("DELETE FROM contact_tags WHERE contact_id = ?", [.text(id)])
        try conn.execute("UPDATE events SET payload = '{\"erased\":true}' WHERE entity_type = 'activity' AND entity_id IN (SELECT id FROM activities WHERE contact_id = ?)", [.text(id)])
        try conn.execute("DELETE FROM activities WHERE contact_id = ? AND deal_id IS NULL", [.text(id)])
        try conn.execute("UPDATE activities SET contact_id = NULL, subject = NULL, body = NULL WHERE contact_id = ?", [.text(id)])
        try conn.execute("UPDATE deals SET contact_id = NULL WHERE contact_id = ?", [.text(id)])
        try conn.execute("DELETE FROM audit_log WHERE entity_type = 'contact' AND entity_id = ?", [.text(id)])
        try conn.execute("UPDATE events SET payload = '{\"erased\":true}' WHERE entity_type = 'contact' AND entity_id = ?", [.text(id)])
        try conn.execute("DELETE FROM contacts WHERE id = ?", [.text(id)])
        try context.duplicates.refresh(.contact, id: id, profile: nil, previous: nil, conn)
        try conn.execute("DELETE FROM duplicate_dismissals WHERE entity_type = 'contact' AND (first_id = ? OR second_id = ?)", [.text(id), .text(id)])
        try conn.execute("DELETE FROM merges WHERE entity_type = 'contact' AND (survivor_id = ? OR merged_id = ?)", [.text(id), .text(id)])
        try log.event(EventType.erased("contact"), entity: "contact", id: id, actor: actor, payload: .object(["erased": .bool(true)]), conn)
    }

    /// One page of contacts, by name or by search prefix; see `ContactQuery`.
    public func list(_ query: ContactQuery, _ conn: any SQLConnection) throws -> Page<Contact> {
        if let prefix = query.prefix.map(SearchKey.fold), !prefix.isEmpty {
            return try search(prefix: prefix, query, conn)
        }
        var sql = "SELECT * FROM contacts WHERE " + (query.archived ? "archived_at IS NOT NULL" : "archived_at IS NULL")
        var binds: [SQLValue] = []
        filters(query, sql: &sql, binds: &binds)
        if let cursor = query.cursor {
            let values = try Cursor.decode(cursor, count: 2)
            sql += " AND (sort_key, id) > (?, ?)"
            binds += [.text(values[0]), .text(values[1])]
        }
        sql += " ORDER BY sort_key, id LIMIT ?"
        binds.append(.int(query.limit + 1))
        let rows = try conn.query(sql, binds)
        let items = rows.prefix(query.limit).map(Contact.init(row:))
        let next = rows.count > query.limit ? rows[query.limit - 1] : nil
        return Page(items: items, nextCursor: next.map { Cursor.encode([$0.string("sort_key") ?? "", $0.string("id") ?? ""]) })
    }

    /// Prefix search: four index range scans (full name, last name, e-mail, company) merged
    /// in the order of the matched text. A contact matching on two texts shows once per page.
    private func search(prefix: String, _ query: ContactQuery, _ conn: any SQLConnection) throws -> Page<Contact> {
        let cursor = try query.cursor.map { cursor throws(CarnetError) in try Cursor.decode(cursor, count: 2) }
        var parts: [String] = []
        var binds: [SQLValue] = []
        for (index, column) in ["first_key", "sort_key", "email_key", "company_key"].enumerated() {
            var part = "SELECT * FROM (SELECT id AS match_id, \(column) AS term FROM contacts WHERE \(column) >= ? AND \(column) < ? AND archived_at IS \(query.archived ? "NOT NULL" : "NULL")"
            binds += [.text(prefix), .text(SearchKey.upperBound(ofPrefix: prefix))]
            filters(query, sql: &part, binds: &binds)
            if let cursor {
                part += " AND (\(column), id) > (?, ?)"
                binds += [.text(cursor[0]), .text(cursor[1])]
            }
            part += " ORDER BY \(column), id LIMIT ?) AS s\(index)"
            binds.append(.int(query.limit + 1))
            parts.append(part)
        }
        let sql = "SELECT c.*, m.term AS match_term FROM (\(parts.joined(separator: " UNION ALL "))) AS m JOIN contacts c ON c.id = m.match_id ORDER BY m.term, m.match_id LIMIT ?"
        binds.append(.int(query.limit + 1))
        let rows = try conn.query(sql, binds)
        var seen = Set<String>()
        var items: [Contact] = []
        for row in rows.prefix(query.limit) where seen.insert(row.string("id") ?? "").inserted {
            items.append(Contact(row: row))
        }
        let next = rows.count > query.limit ? rows[query.limit - 1] : nil
        return Page(items: items, nextCursor: next.map { Cursor.encode([$0.string("match_term") ?? "", $0.string("id") ?? ""]) })
    }

    private func filters(_ query: ContactQuery, sql: inout String, binds: inout [SQLValue]) {
        if let owner = query.ownerID { sql += " AND owner_id = ?"; binds.append(.text(owner)) }
        if let company = query.companyID { sql += " AND company_id = ?"; binds.append(.text(company)) }
        if let region = query.region { sql += " AND region = ?"; binds.append(.text(region)) }
        if let tag = query.tag { sql += " AND id IN (SELECT contact_id FROM contact_tags WHERE tag = ?)"; binds.append(.text(tag.lowercased())) }
    }

    /// Contacts whose primary e-mail is one of `emails` (normalised), for duplicate checks.
    public func findByEmail(_ email: String, _ conn: any SQLConnection) throws -> Contact? {
        try conn.queryOne("SELECT * FROM contacts WHERE email_key = ? AND archived_at IS NULL ORDER BY id LIMIT 1",
                          [.text(SearchKey.fold(EmailAddress.normalized(email)))]).map(Contact.init(row:))
    }

    /// The contact with this external reference, if any.
    public func findByExternalRef(_ ref: String, _ conn: any SQLConnection) throws -> Contact? {
        try conn.queryOne("SELECT * FROM contacts WHERE external_ref = ? ORDER BY id LIMIT 1", [.text(ref)]).map(Contact.init(row:))
    }

    /// Checks the company and owner ids that changed (a link kept to a company archived
    /// since stays valid); returns the company's name for the search key.
    private func checkReferences(_ contact: Contact, previous: Contact?, _ conn: any SQLConnection) throws -> String? {
        var references = References(conn)
        if contact.ownerID != previous?.ownerID {
            try references.require(contact.ownerID, in: "users", field: "owner_id", entity: "user")
        }
        var companyName: String?
        if let companyID = contact.companyID {
            let changed = companyID != previous?.companyID
            let live = changed ? " AND archived_at IS NULL" : ""
            if let row = try conn.queryOne("SELECT name FROM companies WHERE id = ?\(live)", [.text(companyID)]) {
                companyName = row.string("name")
            } else {
                references.errors.append(FieldError("company_id", "no company with id \(companyID)"))
            }
        }
        try references.check()
        return companyName
    }

    private func writeTags(_ contact: Contact, replacing: Bool, _ conn: any SQLConnection) throws {
        if replacing { try conn.execute("DELETE FROM contact_tags WHERE contact_id = ?", [.text(contact.id)]) }
        for tag in Set(contact.tags.map { $0.lowercased() }) {
            try conn.execute("INSERT INTO contact_tags (tag, contact_id) VALUES (?, ?)", [.text(tag), .text(contact.id)])
        }
    }
}
