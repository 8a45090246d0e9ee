import CarnetCore
import CarnetStore
import Foundation

/// Segments: create, read, change and delete them, each change with its event and audit
/// rows, and compute their members (a count, a page of contacts) with one query each.
public struct SegmentService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    static let idPrefix = "seg"
    /// The contacts a preview shows besides the count.
    public static let sampleSize = 20

    public init(context: ServiceContext) {
        self.context = context
    }

    /// The parser for filters saved or previewed now: the pipeline's open stages, and scores
    /// only while the leadscoring module is enabled.
    public func parser(language: Language, _ conn: any SQLConnection) throws -> FilterParser {
        let scoring = try conn.queryOne("SELECT id FROM modules WHERE id = 'leadscoring' AND enabled = 1", []) != nil
        let open = context.pipeline.stages.filter { $0.outcome == .open }.map(\.key)
        return FilterParser(openStages: open, scoringEnabled: scoring, language: language)
    }

    public func create(_ patch: SegmentPatch, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> Segment {
        try actor.require(.write)
        let now = context.clock.now
        var segment = Segment(id: EntityID.make(Self.idPrefix, at: now), name: "", description: nil, filter: .object(["all": .array([])]),
                              version: 1, createdAt: now, updatedAt: now)
        apply(patch, to: &segment)
        try validate(segment, language: language, conn)
        try conn.execute("""
            INSERT INTO segments (id, name, description, filter_json, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [.text(segment.id), .text(segment.name), .string(segment.description), .json(segment.filter), 1, .date(now), .date(now)])
        try log.created(EventType.created("segment"), entity: "segment", id: segment.id, row: segment, actor: actor, conn)
        return segment
    }

    /// A segment by id; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> Segment {
        guard let row = try conn.queryOne("SELECT * FROM segments WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "segment", id: id)
        }
        return Self.segment(row)
    }

    /// A segment by name, if any.
    public func find(name: String, _ conn: any SQLConnection) throws -> Segment? {
        try conn.queryOne("SELECT * FROM segments WHERE name = ?", [.text(name)]).map(Self.segment)
    }

    public func update(_ id: String, _ patch: SegmentPatch, expectedVersion: Int?, actor: Actor, language: Language = .en,
                       _ conn: any SQLConnection) throws -> Segment {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "segment", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var segment = current
        apply(patch, to: &segment)
        let changes = FieldChange.between(current, segment)
        guard !changes.isEmpty else { return current }
        try validate(segment, language: language, conn)
        segment.version = current.version + 1
        segment.updatedAt = context.clock.now
        let changed = try conn.execute("""
            UPDATE segments SET name = ?, description = ?, filter_json = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?
            """, [.text(segment.name), .string(segment.description), .json(segment.filter), .int(segment.version), .date(segment.updatedAt),
                  .text(id), .int(current.version)])
        guard changed == 1 else {
            throw CarnetError.versionConflict(entity: "segment", id: id, expected: current.version, actual: try get(id, conn).version)
        }
        try log.audit(changes, entity: "segment", id: id, actor: actor, conn)
        try log.event(EventType.updated("segment"), entity: "segment", id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        return segment
    }

    /// Deletes a segment no campaign uses (409 naming the campaign otherwise).
    public func delete(_ id: String, expectedVersion: Int?, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> Segment {
        try actor.require(.write)
        let segment = try get(id, conn)
        try requireVersion(entity: "segment", id: id, actual: segment.version, expected: expectedVersion)
        if let campaign = try conn.queryOne("SELECT name FROM campaigns WHERE segment_id = ? ORDER BY id LIMIT 1", [.text(id)]) {
            throw CarnetError.invalidState(L10n.text("segment.in_use", language, ["name": campaign.string("name") ?? ""]))
        }
        try conn.execute("DELETE FROM segments WHERE id = ?", [.text(id)])
        try log.event("segment.deleted", entity: "segment", id: id, actor: actor, payload: .object(["name": .string(segment.name)]), conn)
        return segment
    }

    /// Segments by name, then id (keyset paging).
    public func list(limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<Segment> {
        var sql = "SELECT * FROM segments"
        var binds: [SQLValue] = []
        if let cursor {
            let values = try Cursor.decode(cursor, count: 2)
            sql += " WHERE (name > ? OR (name = ? AND id > ?))"
            binds += [.text(values[0]), .text(values[0]), .text(values[1])]
        }
        sql += " ORDER BY name, id LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: Self.segment, cursor: { [$0.name, $0.id] })
    }

    // MARK: Members

    /// How many live contacts `filter` matches: one `COUNT(*)` query.
    public func count(_ filter: SegmentFilter, _ conn: any SQLConnection) throws -> Int {
        let (sql, binds) = countQuery(filter, dialect: conn.dialect.dialect)
        return try conn.queryOne(sql, binds)?.int("n") ?? 0
    }

    /// The count query, for `count` and the query-plan test.
    public func countQuery(_ filter: SegmentFilter, dialect: SQLDialect) -> (sql: String, binds: [SQLValue]) {
        let (condition, binds) = FilterSQL(dialect: dialect, now: context.clock.now).condition(filter)
        return ("SELECT COUNT(*) AS n FROM contacts c WHERE c.archived_at IS NULL AND (\(condition))", binds)
    }

    /// One page of the live contacts `filter` matches, by id (keyset paging).
    public func members(_ filter: SegmentFilter, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<Contact> {
        let (condition, filterBinds) = FilterSQL(dialect: conn.dialect.dialect, now: context.clock.now).condition(filter)
        var binds = filterBinds
        var sql = "SELECT c.* FROM contacts c WHERE c.archived_at IS NULL AND (\(condition))"
        if let cursor {
            sql += " AND c.id > ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        sql += " ORDER BY c.id LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: Contact.init(row:), cursor: { [$0.id] })
    }

    /// The count and the first contacts of a filter being edited.
    public func preview(_ json: JSONValue, language: Language, _ conn: any SQLConnection) throws -> SegmentPreview {
        let filter = try parser(language: language, conn).parse(json)
        return SegmentPreview(count: try count(filter, conn), sample: try members(filter, limit: Self.sampleSize, cursor: nil, conn).items)
    }

    /// A saved segment's filter, read again under today's rules (a stage removed from the
    /// pipeline, or the leadscoring module switched off since, is a 422 naming the filter).
    public func filter(of segment: Segment, language: Language, _ conn: any SQLConnection) throws -> SegmentFilter {
        try parser(language: language, conn).parse(segment.filter)
    }

    // MARK: Helpers

    private func apply(_ patch: SegmentPatch, to segment: inout Segment) {
        if let name = patch.name { segment.name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        apply(patch.description, to: &segment.description)
        if let filter = patch.filter { segment.filter = filter ?? .object(["all": .array([])]) }
    }

    private func apply(_ patch: String??, to value: inout String?) {
        if let patch { value = patch.flatMap { $0.isEmpty ? nil : $0 } }
    }

    private func validate(_ segment: Segment, language: Language, _ conn: any SQLConnection) throws {
        var check = Validator()
        if segment.name.isEmpty {
            check.fail("name", L10n.text("validation.required", language))
        } else if segment.name.count > Segment.nameLimit {
            check.fail("name", L10n.text("validation.too_long", language, ["max": String(Segment.nameLimit), "count": String(segment.name.count)]))
        }
        if let description = segment.description, description.count > Segment.descriptionLimit {
            check.fail("description", L10n.text("validation.too_long", language, ["max": String(Segment.descriptionLimit), "count": String(description.count)]))
        }
        do {
            _ = try parser(language: language, conn).parse(segment.filter)
        } catch let error as CarnetError {
            if case .validation(let errors) = error { for error in errors { check.fail(error.field, error.message) } } else { throw error }
        }
        try check.check()
        if let other = try find(name: segment.name, conn), other.id != segment.id {
            throw CarnetError.duplicate(entity: "segment", field: "name", value: segment.name)
        }
    }

    static func segment(_ row: SQLRow) -> Segment {
        let created = row.date("created_at") ?? Date(timeIntervalSince1970: 0)
        let filter = row.json("filter_json", as: JSONValue.self, fallback: .object(["all": .array([])]))
        return Segment(id: row.string("id") ?? "", name: row.string("name") ?? "", description: row.string("description"), filter: filter,
                       version: row.int("version") ?? 1, createdAt: created, updatedAt: row.date("updated_at") ?? created)
    }
}
