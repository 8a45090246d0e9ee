import Foundation

/// The core's recurring job that deletes done jobs older than `[jobs] keep_done_days`, so the
/// queue does not grow by every event and every recurring slot forever; it also removes the
/// expired web sessions and the sign-in failures whose window has passed.
public enum JobPruning {
    public static let kind = "jobs.prune"
    /// Jobs deleted per run at most: a run holds the writer briefly; every 15 minutes that is
    /// close to a million a day.
    static let batch = 10_000

    /// Its schedule: every 15 minutes.
    public static let recurring = RecurringJob(kind: kind, every: 15 * 60)

    /// Its handler, deleting with `queue` the done jobs finished more than `settings.keepDoneDays` ago.
    public static func handler(queue: JobQueue, settings: JobSettings) -> JobHandler {
        JobHandler(kind: kind) { _, conn in
            try queue.prune(finishedBefore: queue.clock.now.addingTimeInterval(-Double(settings.keepDoneDays) * 86_400), limit: batch, conn)
            try WebSessionService(clock: queue.clock).prune(conn)
            try LoginThrottle(clock: queue.clock, limit: 0).prune(conn)
        }
    }
}
