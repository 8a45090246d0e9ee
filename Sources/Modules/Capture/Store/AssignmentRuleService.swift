import CarnetCore
import CarnetStore
import Foundation

/// The assignment rules, the source of truth for who gets a new lead: written by managers and
/// admins through the API, tried in order by position. Archived rather than deleted.
public struct AssignmentRuleService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// Creates a rule; its owner and users must be active users (422 naming the field).
    public func create(_ patch: AssignmentRulePatch, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> AssignmentRule {
        try actor.require(.manage)
        let now = context.clock.now
        var rule = AssignmentRule(id: EntityID.make("cru", at: now), kind: patch.kind ?? .territory, name: "", at: now)
        rule.apply(patch)
        try rule.validate(language: language)
        try checkUsers(rule, language: language, conn)
        try conn.execute(AssignmentRule.insertSQL, rule.insertBinds)
        try log.created("capture_rule.created", entity: "capture_rule", id: rule.id, row: rule, actor: actor, conn)
        return rule
    }

    /// A rule by id, archived or not; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> AssignmentRule {
        guard let row = try conn.queryOne("SELECT * FROM capture_rules WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "assignment rule", id: id)
        }
        return AssignmentRule(row: row)
    }

    /// Changes a rule if it is still at `expectedVersion`.
    public func update(_ id: String, _ patch: AssignmentRulePatch, expectedVersion: Int?, actor: Actor, language: Language = .en,
                       _ conn: any SQLConnection) throws -> AssignmentRule {
        try actor.require(.manage)
        let current = try get(id, conn)
        try requireVersion(entity: "assignment rule", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var rule = current
        rule.apply(patch)
        try rule.validate(language: language)
        try checkUsers(rule, language: language, conn)
        return try save(rule, replacing: current, event: "capture_rule.updated", actor: actor, conn)
    }

    /// Archives a rule: intake stops trying it; again is a no-op.
    public func archive(_ id: String, expectedVersion: Int?, actor: Actor, _ conn: any SQLConnection) throws -> AssignmentRule {
        try actor.require(.manage)
        let current = try get(id, conn)
        try requireVersion(entity: "assignment rule", id: id, actual: current.version, expected: expectedVersion)
        guard current.archivedAt == nil else { return current }
        var rule = current
        rule.archivedAt = context.clock.now
        return try save(rule, replacing: current, event: "capture_rule.archived", actor: actor, conn)
    }

    /// Live rules in the order intake tries them.
    public func list(limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<AssignmentRule> {
        var sql = "SELECT * FROM capture_rules WHERE archived_at IS NULL"
        var binds: [SQLValue] = []
        if let cursor {
            let values = try Cursor.decode(cursor, count: 2)
            guard let position = Int(values[0]) else { throw CarnetError.malformed(detail: "The cursor is not one this list returned.", field: "cursor") }
            sql += " AND (position > ? OR (position = ? AND id > ?))"
            binds += [.int(position), .int(position), .text(values[1])]
        }
        sql += " ORDER BY position, id LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: AssignmentRule.init(row:), cursor: { [String($0.position), $0.id] })
    }

    /// Every live rule, in order: what intake tries. Rules are an admin's short list, not data.
    func live(_ conn: any SQLConnection) throws -> [AssignmentRule] {
        try conn.query("SELECT * FROM capture_rules WHERE archived_at IS NULL ORDER BY position, id", []).map(AssignmentRule.init(row:))
    }

    private func checkUsers(_ rule: AssignmentRule, language: Language, _ conn: any SQLConnection) throws {
        let ids = Array(Set(rule.userIDs + (rule.ownerID.map { [$0] } ?? [])))
        guard !ids.isEmpty else { return }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let active = Set(try conn.query("SELECT id FROM users WHERE active = ? AND id IN (\(placeholders))", [.bool(true)] + ids.map { .text($0) })
            .compactMap { $0.string("id") })
        var check = Validator()
        if let owner = rule.ownerID, !active.contains(owner) { check.fail("owner_id", L10n.text("capture.unknown_user", language, ["id": owner])) }
        for (index, id) in rule.userIDs.enumerated() where !active.contains(id) {
            check.fail("user_ids[\(index)]", L10n.text("capture.unknown_user", language, ["id": id]))
        }
        try check.check()
    }

    private func save(_ changed: AssignmentRule, replacing current: AssignmentRule, event: String, actor: Actor, _ conn: any SQLConnection) throws -> AssignmentRule {
        let changes = FieldChange.between(current, changed)
        guard !changes.isEmpty else { return current }
        var rule = changed
        rule.version = current.version + 1
        rule.updatedAt = context.clock.now
        guard try conn.execute(AssignmentRule.updateSQL, rule.updateBinds(expectedVersion: current.version)) == 1 else {
            throw CarnetError.versionConflict(entity: "assignment rule", id: rule.id, expected: current.version, actual: try get(rule.id, conn).version)
        }
        try log.audit(changes, entity: "capture_rule", id: rule.id, actor: actor, conn)
        try log.event(event, entity: "capture_rule", id: rule.id, actor: actor, payload: FieldChange.payload(changes), conn)
        return rule
    }
}
