import CarnetCore
import CarnetStore
import Foundation

/// Sequences: create, read, change (their steps too: enrollments under way go on from the
/// step number they are at) and list, each change with its event and audit rows. Pausing
/// holds every enrollment at its next step; resuming queues those steps again.
public struct SequenceService: Sendable {
    public let context: ServiceContext
    public let jobs: JobQueue
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    static let idPrefix = "seq"

    public init(context: ServiceContext, jobs: JobQueue) {
        self.context = context
        self.jobs = jobs
    }

    public func create(_ patch: SequencePatch, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> NurtureSequence {
        try actor.require(.manage)
        let now = context.clock.now
        guard let trigger = patch.trigger, let steps = patch.steps else {
            let required = L10n.text("validation.required", language)
            throw CarnetError.validation((patch.trigger == nil ? [FieldError("trigger", required)] : []) + (patch.steps == nil ? [FieldError("steps", required)] : []))
        }
        let definition = try SequenceParser(language: language).parse(trigger: trigger, steps: steps, exits: patch.exitOn)
        let sequence = NurtureSequence(id: EntityID.make(Self.idPrefix, at: now), name: (patch.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                                       status: patch.status ?? .active, language: patch.language ?? .en, definition: definition,
                                       version: 1, createdAt: now, updatedAt: now)
        try validate(sequence, language: language, conn)
        try conn.execute("""
            INSERT INTO nurture_sequences (id, name, status, language, trigger_kind, trigger_value, definition_json, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [.text(sequence.id), .text(sequence.name), .text(sequence.status.rawValue), .text(sequence.language.rawValue),
                  .text(definition.trigger.kind), .string(definition.trigger.value), .json(Self.definitionJSON(definition)), .date(now), .date(now)])
        try log.created(EventType.created("sequence"), entity: "sequence", id: sequence.id, row: sequence, actor: actor, conn)
        return sequence
    }

    /// A sequence by id; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> NurtureSequence {
        guard let row = try conn.queryOne("SELECT * FROM nurture_sequences WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "sequence", id: id)
        }
        return try Self.sequence(row)
    }

    /// Sequences by name (keyset paging on the name, which is unique).
    public func list(limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<NurtureSequence> {
        var sql = "SELECT * FROM nurture_sequences"
        var binds: [SQLValue] = []
        if let cursor {
            sql += " WHERE name > ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        sql += " ORDER BY name LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return try Page(rows: rows, limit: limit, item: Self.sequence, cursor: { [$0.name] })
    }

    /// The active sequences a trigger of `kind` with `value` enrolls in (any value when nil is stored).
    public func triggered(kind: String, value: String?, _ conn: any SQLConnection) throws -> [NurtureSequence] {
        let rows = try conn.query("""
            SELECT * FROM nurture_sequences WHERE status = 'active' AND trigger_kind = ? AND (trigger_value IS NULL OR trigger_value = ?) ORDER BY id
            """, [.text(kind), .string(value)])
        return try rows.map(Self.sequence)
    }

    /// Applies a patch if the sequence is still at `expectedVersion`.
    public func update(_ id: String, _ patch: SequencePatch, expectedVersion: Int?, actor: Actor, language: Language = .en,
                       _ conn: any SQLConnection) throws -> NurtureSequence {
        try actor.require(.manage)
        let current = try get(id, conn)
        try requireVersion(entity: "sequence", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var sequence = current
        if let name = patch.name { sequence.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let status = patch.status { sequence.status = status }
        if let language = patch.language { sequence.language = language }
        if patch.trigger != nil || patch.steps != nil || patch.exitOn != nil {
            sequence.definition = try SequenceParser(language: language).parse(
                trigger: patch.trigger ?? current.definition.trigger.json, steps: patch.steps ?? current.definition.stepsJSON,
                exits: patch.exitOn ?? current.definition.exitsJSON)
        }
        let changes = FieldChange.between(current, sequence)
        guard !changes.isEmpty else { return current }
        try validate(sequence, language: language, conn)
        sequence.version = current.version + 1
        sequence.updatedAt = context.clock.now
        let changed = try conn.execute("""
            UPDATE nurture_sequences SET name = ?, status = ?, language = ?, trigger_kind = ?, trigger_value = ?, definition_json = ?,
                version = ?, updated_at = ? WHERE id = ? AND version = ?
            """, [.text(sequence.name), .text(sequence.status.rawValue), .text(sequence.language.rawValue), .text(sequence.definition.trigger.kind),
                  .string(sequence.definition.trigger.value), .json(Self.definitionJSON(sequence.definition)), .int(sequence.version),
                  .date(sequence.updatedAt), .text(id), .int(current.version)])
        guard changed == 1 else {
            throw CarnetError.versionConflict(entity: "sequence", id: id, expected: current.version, actual: try get(id, conn).version)
        }
        try log.audit(changes, entity: "sequence", id: id, actor: actor, conn)
        try log.event(EventType.updated("sequence"), entity: "sequence", id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        if current.status == .paused, sequence.status == .active { try resume(sequence, conn) }
        return sequence
    }

    /// Queues again the next step of every active enrollment of a sequence just resumed, at
    /// its time or now if that has passed. The job queued before the pause, if it has not run
    /// yet, finds its step taken and does nothing.
    private func resume(_ sequence: NurtureSequence, _ conn: any SQLConnection) throws {
        let now = context.clock.now
        var after = ""
        while true {
            let rows = try conn.query("""
                SELECT id, step_index, next_at FROM nurture_enrollments WHERE sequence_id = ? AND status = 'active' AND id > ? ORDER BY id LIMIT 500
                """, [.text(sequence.id), .text(after)])
            guard let last = rows.last?.string("id") else { return }
            try jobs.enqueue(rows.map { row in
                let id = row.string("id") ?? ""
                return JobRequest(kind: NurturingModule.stepJob, payload: .object(["enrollment_id": .string(id), "step": .number(Double(row.int("step_index") ?? 0))]),
                                  runAt: max(row.date("next_at") ?? now, now), dedupeKey: "nurture:\(id):\(row.int("step_index") ?? 0):resume\(sequence.version)")
            }, conn)
            after = last
        }
    }

    private func validate(_ sequence: NurtureSequence, language: Language, _ conn: any SQLConnection) throws {
        var check = Validator()
        if sequence.name.isEmpty {
            check.fail("name", L10n.text("validation.required", language))
        } else if sequence.name.count > NurtureSequence.nameLimit {
            check.fail("name", L10n.text("validation.too_long", language, ["max": String(NurtureSequence.nameLimit), "count": String(sequence.name.count)]))
        } else if try conn.queryOne("SELECT id FROM nurture_sequences WHERE name = ? AND id <> ?", [.text(sequence.name), .text(sequence.id)]) != nil {
            check.fail("name", L10n.text("nurture.name_taken", language, ["name": sequence.name]))
        }
        if case .segmentEntered(let segment) = sequence.definition.trigger,
           try conn.queryOne("SELECT id FROM segments WHERE id = ?", [.text(segment)]) == nil {
            check.fail("trigger.segment_id", L10n.text("campaign.no_segment", language, ["id": segment]))
        }
        try check.check()
    }

    /// The stored form of a definition: the API's trigger, steps and exit conditions.
    static func definitionJSON(_ definition: SequenceDefinition) -> JSONValue {
        .object(["trigger": definition.trigger.json, "steps": definition.stepsJSON, "exit_on": definition.exitsJSON])
    }

    static func sequence(_ row: SQLRow) throws -> NurtureSequence {
        let created = row.date("created_at") ?? Date(timeIntervalSince1970: 0)
        guard case .object(let fields) = row.json("definition_json", as: JSONValue.self, fallback: .null) else { throw CarnetError.invalidState("The sequence \(row.string("id") ?? "") has no definition.") }
        let definition = try SequenceParser().parse(trigger: fields["trigger"] ?? .null, steps: fields["steps"] ?? .null, exits: fields["exit_on"])
        return NurtureSequence(id: row.string("id") ?? "", name: row.string("name") ?? "",
                               status: row.string("status").flatMap(SequenceStatus.init(rawValue:)) ?? .paused,
                               language: row.string("language").flatMap(Language.init(rawValue:)) ?? .en, definition: definition,
                               version: row.int("version") ?? 1, createdAt: created, updatedAt: row.date("updated_at") ?? created)
    }
}
