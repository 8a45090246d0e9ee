import CarnetCore
import Foundation
import Logging

/// Queues the current slot's job of every recurring job whose module is enabled, once a
/// minute, and wakes the worker when it added one.
///
/// Safe to run in every instance: the slot's dedupe key makes the second insert a no-op.
public struct JobScheduler: Sendable {
    public let queue: JobQueue
    public let recurring: [RecurringJob]
    /// The module ids enabled now, read in the caller's transaction.
    public let enabledModules: @Sendable (any SQLConnection) throws -> Set<String>

    public init(queue: JobQueue, recurring: [RecurringJob], enabledModules: @escaping @Sendable (any SQLConnection) throws -> Set<String>) {
        self.queue = queue
        self.recurring = recurring
        self.enabledModules = enabledModules
    }

    /// Queues the slots due now in the caller's transaction; returns how many jobs were added.
    @discardableResult
    public func schedule(_ conn: any SQLConnection) throws -> Int {
        guard !recurring.isEmpty else { return 0 }
        let enabled = try enabledModules(conn)
        let now = queue.clock.now
        let due = recurring.filter { job in job.module.map(enabled.contains) ?? true }.map { $0.request(at: now) }
        return try queue.enqueue(due, conn)
    }

    /// Schedules once a minute until the task is cancelled, calling `scheduled` after a slot was queued.
    ///
    /// With nothing to schedule it still waits for the cancellation: the server's service
    /// group shuts everything down when one of its services returns.
    public func run(database: any Database, logger: Logger, scheduled: @escaping @Sendable () -> Void) async {
        let recurring = self.recurring
        await PollingLoop(interval: .seconds(60), signal: WakeSignal()).run {
            guard !recurring.isEmpty else { return false }
            do {
                if try await database.write({ conn in try schedule(conn) }) > 0 { scheduled() }
            } catch {
                logger.error("job scheduler: \(error)")
            }
            return false
        }
    }
}
