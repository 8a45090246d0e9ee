import CarnetCore
import Foundation

/// Filters of `GET /api/v1/companies`.
public struct CompanyQuery: Sendable {
    /// A prefix of the company's name.
    public var prefix: String?
    public var ownerID: String?
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

/// Companies: create, read, change, list, archive and restore, each with its event.
public struct CompanyService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext) {
        self.context = context
    }

    public func create(_ patch: CompanyPatch, actor: Actor, _ conn: any SQLConnection) throws -> Company {
        try createWithJSON(patch, actor: actor, conn).entity
    }

    /// Creates a company as `create` does; returns it with its JSON, for the API's answer.
    public func createWithJSON(_ patch: CompanyPatch, actor: Actor, _ conn: any SQLConnection) throws -> Created<Company> {
        let now = context.clock.now
        return try insert([(EntityID.make(IDPrefix.company, at: now), patch)], actor: actor, conn)[0]
    }

    /// Creates companies as `create` does, with the ids given, in two multi-row statements
    /// (the companies, then their `company.created` events): an import creates thousands, and
    /// its new contacts point to their companies before these exist.
    public func create(_ companies: [(id: String, patch: CompanyPatch)], actor: Actor, _ conn: any SQLConnection) throws -> [Company] {
        try insert(companies, actor: actor, conn).map(\.entity)
    }

    private func insert(_ companies: [(id: String, patch: CompanyPatch)], actor: Actor, _ conn: any SQLConnection) throws -> [Created<Company>] {
        try actor.require(.write)
        let now = context.clock.now
        let created = try companies.map { id, patch in
            var company = Company(id: id, at: now)
            company.ownerID = actor.userID
            company.currency = context.currency
            company.apply(patch)
            try company.validate()
            if let fields = try context.hooks.run([EventType.created("company")], entity: "company", id: id, record: company, previous: nil, actor: actor, conn) {
                company.apply(try HookPoint.decode(CompanyPatch.self, from: fields))
                try company.validate()
            }
            return company
        }
        // Every company has the actor as owner, unless a before-hook gave it another.
        if let first = created.first { try checkReferences(first, conn) }
        for company in created.dropFirst() where company.ownerID != actor.userID { try checkReferences(company, conn) }
        try conn.insert(into: Company.insertTarget, values: created.flatMap { [.text($0.id)] + $0.fieldBinds })
        for company in created {
            try context.duplicates.refresh(.company, id: company.id, profile: context.duplicates.profile(company), previous: nil, conn)
        }
        let json = try log.created(EventType.created("company"), entity: "company", rows: created.map { ($0.id, $0) }, actor: actor, conn)
        return zip(created, json).map { Created(entity: $0, json: $1) }
    }

    public func get(_ id: String, _ conn: any SQLConnection) throws -> Company {
        guard let row = try conn.queryOne("SELECT * FROM companies WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "company", id: id)
        }
        return Company(row: row)
    }

    /// Applies a patch; renaming a company also updates its contacts' search key.
    public func update(_ id: String, _ patch: CompanyPatch, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Company {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "company", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var company = current
        company.apply(patch)
        try company.validate()
        let previous = JSONValue.of(current)
        let after = JSONValue.of(company)
        var changes = FieldChange.between(previous, after)
        guard !changes.isEmpty else { return current }
        if let fields = try context.hooks.run([EventType.updated("company")], entity: "company", id: id, record: after, previous: previous,
                                              actor: actor, conn) {
            company.apply(try HookPoint.decode(CompanyPatch.self, from: fields))
            try company.validate()
            changes = FieldChange.between(current, company)
        }
        if company.ownerID != current.ownerID { try checkReferences(company, conn) }
        company.version = current.version + 1
        company.updatedAt = context.clock.now
        guard try conn.execute(Company.updateSQL, company.fieldBinds + [.text(id), .int(current.version)]) == 1 else {
            throw CarnetError.versionConflict(entity: "company", id: id, expected: current.version, actual: try get(id, conn).version)
        }
        if company.name != current.name {
            try conn.execute("UPDATE contacts SET company_key = ? WHERE company_id = ?", [.text(SearchKey.fold(company.name)), .text(id)])
        }
        try context.duplicates.refresh(.company, id: id, profile: context.duplicates.profile(company), previous: context.duplicates.profile(current), conn)
        try log.audit(changes, entity: "company", id: id, actor: actor, conn)
        try log.event(EventType.updated("company"), entity: "company", id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        return company
    }

    /// Archives (`restore == false`) or restores a company.
    public func setArchived(_ id: String, _ archive: Bool, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> Company {
        try actor.require(archive ? .write : .manage)
        let current = try get(id, conn)
        let company = try log.setArchived(current, archive, expectedVersion: expectedVersion, table: "companies", entity: "company", actor: actor, conn)
        try context.duplicates.refresh(.company, id: id, profile: context.duplicates.profile(company), previous: context.duplicates.profile(current), conn)
        return company
    }

    public func list(_ query: CompanyQuery, _ conn: any SQLConnection) throws -> Page<Company> {
        var sql = "SELECT * FROM companies WHERE " + (query.archived ? "archived_at IS NOT NULL" : "archived_at IS NULL")
        var binds: [SQLValue] = []
        if let prefix = query.prefix.map(SearchKey.fold), !prefix.isEmpty {
            sql += " AND name_key >= ? AND name_key < ?"
            binds += [.text(prefix), .text(SearchKey.upperBound(ofPrefix: prefix))]
        }
        if let owner = query.ownerID { sql += " AND owner_id = ?"; binds.append(.text(owner)) }
        if let cursor = query.cursor {
            let values = try Cursor.decode(cursor, count: 2)
            sql += " AND (name_key, id) > (?, ?)"
            binds += [.text(values[0]), .text(values[1])]
        }
        sql += " ORDER BY name_key, id LIMIT ?"
        binds.append(.int(query.limit + 1))
        let rows = try conn.query(sql, binds)
        let next = rows.count > query.limit ? rows[query.limit - 1] : nil
        return Page(items: rows.prefix(query.limit).map(Company.init(row:)),
                    nextCursor: next.map { Cursor.encode([$0.string("name_key") ?? "", $0.string("id") ?? ""]) })
    }

    private func checkReferences(_ company: Company, _ conn: any SQLConnection) throws {
        var references = References(conn)
        try references.require(company.ownerID, in: "users", field: "owner_id", entity: "user")
        try references.check()
    }
}
