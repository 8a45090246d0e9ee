import CarnetCore
import CarnetStore
import Foundation

/// Enrollments: a contact enters a sequence once, its first step queued as a job in the
/// same transaction; it leaves when the last step has run, on an exit condition, or when
/// someone stops it.
public struct EnrollmentService: Sendable {
    public let context: ServiceContext
    public let jobs: JobQueue
    var log: ChangeLog { ChangeLog(clock: context.clock) }
    var sequences: SequenceService { SequenceService(context: context, jobs: jobs) }

    static let idPrefix = "enr"

    public init(context: ServiceContext, jobs: JobQueue) {
        self.context = context
        self.jobs = jobs
    }

    /// Enrolls a live contact in an active sequence and queues its first step now; nil when
    /// the sequence is paused, the contact archived or gone, or already enrolled once.
    @discardableResult
    public func enroll(_ sequence: NurtureSequence, contactID: String, source: String, actor: Actor, _ conn: any SQLConnection) throws -> Enrollment? {
        guard sequence.status == .active,
              try conn.queryOne("SELECT id FROM contacts WHERE id = ? AND archived_at IS NULL", [.text(contactID)]) != nil else { return nil }
        let now = context.clock.now
        let id = EntityID.make(Self.idPrefix, at: now)
        let added = try conn.execute("""
            INSERT INTO nurture_enrollments (id, sequence_id, contact_id, status, exit_reason, step_index, next_at, source, started_at, ended_at, updated_at)
            VALUES (?, ?, ?, 'active', NULL, 0, ?, ?, ?, NULL, ?) ON CONFLICT (sequence_id, contact_id) DO NOTHING
            """, [.text(id), .text(sequence.id), .text(contactID), .date(now), .text(source), .date(now), .date(now)])
        guard added == 1 else { return nil }
        try StepRunner.queue(enrollmentID: id, step: 0, at: now, jobs: jobs, conn)
        try log.event("nurture.enrolled", entity: "contact", id: contactID, actor: actor,
                      payload: .object(["enrollment_id": .string(id), "sequence_id": .string(sequence.id), "contact_id": .string(contactID),
                                        "source": .string(source)]), conn)
        return try get(id, conn)
    }

    /// Enrolls a contact by hand (`source` `manual`) or for a plugin (`plugin`); 409 when the
    /// sequence is paused. A contact enrolled before is a 409 too, unless `existing` asks for
    /// its enrollment instead (a plugin's call, which may run again).
    public func enrollManually(_ sequenceID: String, contactID: String, actor: Actor, language: Language = .en, source: String = "manual",
                               existing: Bool = false, _ conn: any SQLConnection) throws -> Enrollment {
        try actor.require(.write)
        let sequence = try sequences.get(sequenceID, conn)
        guard sequence.status == .active else { throw CarnetError.invalidState(L10n.text("nurture.paused", language, ["name": sequence.name])) }
        guard try conn.queryOne("SELECT id FROM contacts WHERE id = ? AND archived_at IS NULL", [.text(contactID)]) != nil else {
            throw CarnetError.validation([FieldError("contact_id", L10n.text("campaign.no_contact", language, ["id": contactID]))])
        }
        if let enrollment = try enroll(sequence, contactID: contactID, source: source, actor: actor, conn) { return enrollment }
        guard existing, let row = try conn.queryOne("SELECT * FROM nurture_enrollments WHERE sequence_id = ? AND contact_id = ?",
                                                    [.text(sequenceID), .text(contactID)]) else {
            throw CarnetError.duplicate(entity: "enrollment", field: "contact_id", value: contactID)
        }
        return Self.enrollment(row)
    }

    /// An enrollment by id; 404 when there is none.
    public func get(_ id: String, _ conn: any SQLConnection) throws -> Enrollment {
        guard let row = try conn.queryOne("SELECT * FROM nurture_enrollments WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "enrollment", id: id)
        }
        return Self.enrollment(row)
    }

    /// A sequence's enrollments, newest first, of one status or all.
    public func list(sequenceID: String, status: EnrollmentStatus?, limit: Int, cursor: String?, _ conn: any SQLConnection) throws -> Page<Enrollment> {
        _ = try sequences.get(sequenceID, conn)
        var sql = "SELECT * FROM nurture_enrollments WHERE sequence_id = ?"
        var binds: [SQLValue] = [.text(sequenceID)]
        if let status {
            sql += " AND status = ?"
            binds.append(.text(status.rawValue))
        }
        if let cursor {
            sql += " AND id < ?"
            binds.append(.text(try Cursor.decode(cursor, count: 1)[0]))
        }
        sql += " ORDER BY id DESC LIMIT ?"
        binds.append(.int(limit + 1))
        let rows = try conn.query(sql, binds)
        return Page(rows: rows, limit: limit, item: Self.enrollment, cursor: { [$0.id] })
    }

    /// Stops an active enrollment by hand; its next step does nothing.
    public func stop(_ id: String, actor: Actor, language: Language = .en, _ conn: any SQLConnection) throws -> Enrollment {
        try actor.require(.write)
        let enrollment = try get(id, conn)
        guard enrollment.status == .active else {
            throw CarnetError.invalidState(L10n.text("nurture.not_active", language, ["status": enrollment.status.rawValue]))
        }
        try end(id, contactID: enrollment.contactID, sequenceID: enrollment.sequenceID, reason: .stopped, actor: actor, conn)
        return try get(id, conn)
    }

    /// Ends the contact's active enrollments that honour `reason` (every one for `stopped` and
    /// `contactRemoved`) and began before `before`: an event older than the enrollment does not
    /// end it. Returns how many ended.
    @discardableResult
    public func exit(contactID: String, reason: ExitReason, before: Date? = nil, _ conn: any SQLConnection) throws -> Int {
        var sql = """
            SELECT e.id, e.sequence_id, s.definition_json FROM nurture_enrollments e JOIN nurture_sequences s ON s.id = e.sequence_id
            WHERE e.contact_id = ? AND e.status = 'active'
            """
        var binds: [SQLValue] = [.text(contactID)]
        if let before {
            sql += " AND e.started_at < ?"
            binds.append(.date(before))
        }
        var ended = 0
        for row in try conn.query(sql, binds) {
            guard ExitReason.conditions.contains(reason) == false || Self.honours(row, reason) else { continue }
            try end(row.string("id") ?? "", contactID: contactID, sequenceID: row.string("sequence_id") ?? "", reason: reason, actor: .system, conn)
            ended += 1
        }
        return ended
    }

    /// Whether the stored definition of `row` lists `reason` among its exit conditions.
    private static func honours(_ row: SQLRow, _ reason: ExitReason) -> Bool {
        guard case .object(let fields) = row.json("definition_json", as: JSONValue.self, fallback: .null) else { return false }
        guard case .array(let exits)? = fields["exit_on"] else { return true }
        return exits.contains(.string(reason.rawValue))
    }

    /// Marks an enrollment exited for `reason`, with `nurture.exited`.
    func end(_ id: String, contactID: String, sequenceID: String, reason: ExitReason, actor: Actor, _ conn: any SQLConnection) throws {
        let now = context.clock.now
        let changed = try conn.execute("""
            UPDATE nurture_enrollments SET status = 'exited', exit_reason = ?, next_at = NULL, ended_at = ?, updated_at = ? WHERE id = ? AND status = 'active'
            """, [.text(reason.rawValue), .date(now), .date(now), .text(id)])
        guard changed == 1 else { return }
        try log.event("nurture.exited", entity: "contact", id: contactID, actor: actor,
                      payload: .object(["enrollment_id": .string(id), "sequence_id": .string(sequenceID), "contact_id": .string(contactID),
                                        "reason": .string(reason.rawValue)]), conn)
    }

    /// Enrolled, active, completed, exited per reason, converted to a deal, and the e-mails.
    public func report(_ sequenceID: String, _ conn: any SQLConnection) throws -> SequenceReport {
        _ = try sequences.get(sequenceID, conn)
        var report = SequenceReport(sequenceID: sequenceID, enrolled: 0, active: 0, completed: 0,
                                    exited: Dictionary(uniqueKeysWithValues: ExitReason.allCases.map { ($0.rawValue, 0) }), converted: 0,
                                    conversionRate: 0, emails: [:], opened: 0, clicked: 0)
        let rows = try conn.query("""
            SELECT e.status, e.exit_reason, COUNT(*) AS n,
                SUM(CASE WHEN EXISTS (SELECT 1 FROM deals d WHERE d.contact_id = e.contact_id AND d.created_at > e.started_at) THEN 1 ELSE 0 END) AS converted
            FROM nurture_enrollments e WHERE e.sequence_id = ? GROUP BY e.status, e.exit_reason
            """, [.text(sequenceID)])
        for row in rows {
            let count = row.int("n") ?? 0
            report.enrolled += count
            report.converted += row.int("converted") ?? 0
            switch row.string("status").flatMap(EnrollmentStatus.init(rawValue:)) {
            case .active: report.active += count
            case .completed: report.completed += count
            case .exited: report.exited[row.string("exit_reason") ?? "", default: 0] += count
            case nil: break
            }
        }
        report.conversionRate = report.enrolled == 0 ? 0 : Double(report.converted) / Double(report.enrolled)
        let messages = try conn.query("""
            SELECT status, COUNT(*) AS n, SUM(CASE WHEN opens > 0 THEN 1 ELSE 0 END) AS opened, SUM(CASE WHEN clicks > 0 THEN 1 ELSE 0 END) AS clicked
            FROM nurture_messages WHERE sequence_id = ? GROUP BY status
            """, [.text(sequenceID)])
        for row in messages {
            report.emails[row.string("status") ?? "", default: 0] += row.int("n") ?? 0
            report.opened += row.int("opened") ?? 0
            report.clicked += row.int("clicked") ?? 0
        }
        return report
    }

    /// An enrollment from its row.
    public static func enrollment(_ row: SQLRow) -> Enrollment {
        let status = row.string("status").flatMap(EnrollmentStatus.init(rawValue:)) ?? .active
        let started = row.date("started_at") ?? Date(timeIntervalSince1970: 0)
        return Enrollment(id: row.string("id") ?? "", sequenceID: row.string("sequence_id") ?? "", contactID: row.string("contact_id") ?? "",
                          status: status, exitReason: row.string("exit_reason").flatMap(ExitReason.init(rawValue:)),
                          nextStep: status == .active ? (row.int("step_index") ?? 0) + 1 : nil, nextAt: status == .active ? row.date("next_at") : nil,
                          source: row.string("source") ?? "", startedAt: started, endedAt: row.date("ended_at"))
    }
}
