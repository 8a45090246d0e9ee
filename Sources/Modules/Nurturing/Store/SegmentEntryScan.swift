import CarnetCore
import CarnetSegments
import CarnetStore
import Foundation

/// The recurring `nurturing.segments` job: enrolls, in each active sequence triggered by a
/// segment, the segment's members not enrolled yet, up to `segmentScanBatch` per sequence a
/// run (the next run takes the rest). Members are found with the segment's one SQL query.
public struct SegmentEntryScan: Sendable {
    public let context: ServiceContext
    public let jobs: JobQueue
    public let settings: NurturingSettings

    public init(context: ServiceContext, jobs: JobQueue, settings: NurturingSettings) {
        self.context = context
        self.jobs = jobs
        self.settings = settings
    }

    /// One scan; returns how many contacts it enrolled.
    @discardableResult
    public func run(_ conn: any SQLConnection) throws -> Int {
        let sequences = try conn.query("SELECT * FROM nurture_sequences WHERE status = 'active' AND trigger_kind = 'segment_entered' ORDER BY id", [])
            .map(SequenceService.sequence)
        let service = SegmentService(context: context)
        let enrollments = EnrollmentService(context: context, jobs: jobs)
        var enrolled = 0
        for sequence in sequences {
            // A segment deleted since, or whose filter no longer holds (a field of a module
            // switched off), enrolls nobody until it is fixed.
            guard case .segmentEntered(let segmentID) = sequence.definition.trigger,
                  try conn.queryOne("SELECT id FROM segments WHERE id = ?", [.text(segmentID)]) != nil else { continue }
            let filter: SegmentFilter
            do { filter = try service.filter(of: try service.get(segmentID, conn), language: sequence.language, conn) } catch is CarnetError { continue }
            let (condition, binds) = FilterSQL(dialect: conn.dialect.dialect, now: context.clock.now).condition(filter)
            let members = try conn.query("""
                SELECT c.id FROM contacts c WHERE c.archived_at IS NULL AND (\(condition))
                AND NOT EXISTS (SELECT 1 FROM nurture_enrollments e WHERE e.sequence_id = ? AND e.contact_id = c.id)
                ORDER BY c.id LIMIT ?
                """, binds + [.text(sequence.id), .int(settings.segmentScanBatch)])
            for member in members {
                if try enrollments.enroll(sequence, contactID: member.string("id") ?? "", source: "segment_entered", actor: .system, conn) != nil { enrolled += 1 }
            }
        }
        return enrolled
    }
}
