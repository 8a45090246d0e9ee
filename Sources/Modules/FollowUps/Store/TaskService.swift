import CarnetCore
import CarnetStore
import Foundation

/// Follow-up tasks: create, read, change, complete (with the next one in the same step)
/// and list, each change with its event and audit rows.
public struct TaskService: Sendable {
    public let context: ServiceContext
    public let settings: FollowUpsSettings
    var log: ChangeLog { ChangeLog(clock: context.clock) }
    var quickEntry: QuickEntry { QuickEntry(timeZone: settings.timeZone) }

    public init(context: ServiceContext, settings: FollowUpsSettings) {
        self.context = context
        self.settings = settings
    }

    /// Reads a quick-entry phrase ("call back in 3 days") without saving anything.
    public func parse(_ text: String, language: Language) throws -> QuickEntryResult {
        try quickEntry.parse(text, now: context.clock.now, language: language)
    }

    /// Creates an open task, assigned to the actor unless the patch names someone.
    public func create(_ patch: TaskPatch, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> FollowUpTask {
        try actor.require(.write)
        let now = context.clock.now
        let task = try FollowUpTask.create(id: EntityID.make(IDPrefix.task, at: now), from: patch, creatorID: actor.userID ?? "", at: now, language: language)
        try checkReferences(task, previous: nil, conn)
        try conn.insert(into: FollowUpTask.insertTarget, values: task.insertBinds)
        try log.created(EventType.created("task"), entity: "task", id: task.id, row: task, actor: actor, conn)
        return task
    }

    /// A task by id; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> FollowUpTask {
        guard let row = try conn.queryOne("SELECT * FROM tasks WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "task", id: id)
        }
        return FollowUpTask(row: row)
    }

    /// Applies a patch (reschedule, snooze, reassign, relink) if the task is still at `expectedVersion`.
    public func update(_ id: String, _ patch: TaskPatch, expectedVersion: Int?, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> FollowUpTask {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "task", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var task = current
        task.apply(patch)
        try task.validate(language: language)
        let changes = FieldChange.between(current, task)
        guard !changes.isEmpty else { return current }
        try checkReferences(task, previous: current, conn)
        try store(&task, replacing: current, conn)
        try log.audit(changes, entity: "task", id: id, actor: actor, conn)
        try log.event(EventType.updated("task"), entity: "task", id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        return task
    }

    /// Marks a task done with its outcome and, when asked, creates the next one in the same transaction.
    public func complete(_ id: String, _ completion: TaskCompletion, expectedVersion: Int?, actor: Actor, language: Language = .en,
                         _ conn: any SQLConnection) throws -> TaskCompletion.Result {
        try actor.require(.write)
        let current = try get(id, conn)
        try requireVersion(entity: "task", id: id, actual: current.version, expected: expectedVersion)
        let now = context.clock.now
        var result = try current.complete(completion, nextID: EntityID.make(IDPrefix.task, at: now), quickEntry: quickEntry, at: now, language: language)
        try store(&result.done, replacing: current, conn)
        try log.audit(FieldChange.between(current, result.done), entity: "task", id: id, actor: actor, conn)
        try log.event("task.completed", entity: "task", id: id, actor: actor,
                      payload: .object(["outcome": result.done.outcome.map(JSONValue.string) ?? .null, "next_task_id": result.next.map { .string($0.id) } ?? .null]), conn)
        if let next = result.next {
            try conn.insert(into: FollowUpTask.insertTarget, values: next.insertBinds)
            try log.created(EventType.created("task"), entity: "task", id: next.id, row: next, actor: actor, conn)
        }
        return result
    }

    /// One page of tasks, by due time then id (keyset paging).
    public func list(_ query: TaskQuery, _ conn: any SQLConnection) throws -> Page<FollowUpTask> {
        var sql = "SELECT * FROM tasks WHERE status = ?"
        var binds: [SQLValue] = [.text(query.status.rawValue)]
        let now = context.clock.now
        let today = LocalDate(now, in: settings.timeZone)
        let startOfToday = today.instant(hour: 0, minute: 0, in: settings.timeZone)
        let startOfTomorrow = today.adding(days: 1).instant(hour: 0, minute: 0, in: settings.timeZone)
        switch query.due {
        case .overdue:
            sql += " AND due_at < ? AND (snoozed_until IS NULL OR snoozed_until <= ?)"
            binds += [.date(now), .date(now)]
        case .today:
            sql += " AND due_at >= ? AND due_at < ? AND (snoozed_until IS NULL OR snoozed_until < ?)"
            binds += [.date(startOfToday), .date(startOfTomorrow), .date(startOfTomorrow)]
        case .upcoming:
            sql += " AND due_at >= ?"
            binds.append(.date(startOfTomorrow))
        case nil:
            break
        }
        if let assignee = query.assigneeID { sql += " AND assignee_id = ?"; binds.append(.text(assignee)) }
        if let deal = query.dealID { sql += " AND deal_id = ?"; binds.append(.text(deal)) }
        if let contact = query.contactID { sql += " AND contact_id = ?"; binds.append(.text(contact)) }
        if let company = query.companyID { sql += " AND company_id = ?"; binds.append(.text(company)) }
        if let cursor = query.cursor {
            let values = try Cursor.decode(cursor, count: 2)
            guard let due = Int64(values[0]) else { throw CarnetError.malformed(detail: "The cursor is not one this list returned.", field: "cursor") }
            sql += " AND (due_at > ? OR (due_at = ? AND id > ?))"
            binds += [.integer(due), .integer(due), .text(values[1])]
        }
        sql += " ORDER BY due_at, id LIMIT ?"
        binds.append(.int(query.limit + 1))
        let rows = try conn.query(sql, binds)
        let items = rows.prefix(query.limit).map(FollowUpTask.init(row:))
        let next = rows.count > query.limit ? items.last : nil
        return Page(items: items, nextCursor: next.map { Cursor.encode([String(Timestamp.millis($0.dueAt)), $0.id]) })
    }

    /// Writes a changed task over `previous`, bumping its version; 409 if someone else wrote it meanwhile.
    private func store(_ task: inout FollowUpTask, replacing previous: FollowUpTask, _ conn: any SQLConnection) throws {
        task.version = previous.version + 1
        task.updatedAt = context.clock.now
        guard try conn.execute(FollowUpTask.updateSQL, task.updateBinds(expectedVersion: previous.version)) == 1 else {
            throw CarnetError.versionConflict(entity: "task", id: task.id, expected: previous.version, actual: try get(task.id, conn).version)
        }
    }

    /// Checks the links and the assignee that changed.
    private func checkReferences(_ task: FollowUpTask, previous: FollowUpTask?, _ conn: any SQLConnection) throws {
        var references = References(conn)
        if task.assigneeID != previous?.assigneeID {
            if task.assigneeID.isEmpty {
                references.errors.append(FieldError("assignee_id", "is required"))
            } else if try conn.queryOne("SELECT id FROM users WHERE id = ? AND active = 1", [.text(task.assigneeID)]) == nil {
                references.errors.append(FieldError("assignee_id", "no active user with id \(task.assigneeID)"))
            }
        }
        if task.contactID != previous?.contactID { try references.require(task.contactID, in: "contacts", field: "contact_id", entity: "contact") }
        if task.dealID != previous?.dealID { try references.require(task.dealID, in: "deals", field: "deal_id", entity: "deal") }
        if task.companyID != previous?.companyID { try references.require(task.companyID, in: "companies", field: "company_id", entity: "company") }
        try references.check()
    }
}
