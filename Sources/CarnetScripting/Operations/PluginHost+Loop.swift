import CarnetCore
import CarnetStore
import Foundation

extension PluginHost {
    /// Records `[plugins] enabled` on a database that never had plugins and loads the enabled
    /// plugins. A server calls it before it serves and before its outbox dispatcher starts:
    /// otherwise the first requests would skip the before-hooks, and the events committed
    /// while no server ran would be dispatched before any after-hook is known, so never hooked.
    public func start() async throws {
        try await seed()
        try await refresh()
    }

    /// Records `[plugins] enabled` on a database that never had plugins, then keeps the
    /// plugins in line with the database and their files until cancelled: every
    /// `refreshInterval` it reloads what changed, queues the next runs of scheduled
    /// functions and writes the runs log; once an hour it prunes old runs.
    public func run() async {
        do {
            try await seed()
        } catch {
            logger.error("plugin host: cannot record the plugins of [plugins] enabled: \(error)")
        }
        var lastPrune = Date.distantPast
        while !Task.isCancelled {
            do {
                let prune = services.context.clock.now.timeIntervalSince(lastPrune) >= 3600
                try await runOnce(prune: prune)
                if prune { lastPrune = services.context.clock.now }
            } catch is CancellationError {
                break
            } catch {
                logger.error("plugin host: \(error)")
            }
            try? await Task.sleep(for: settings.refreshInterval)
        }
        try? await runs.flush(services.database)
    }

    /// One turn of ``run()``: reload what changed, queue the scheduled functions' next runs,
    /// prune old runs when asked, write the runs log.
    public func runOnce(prune: Bool = false) async throws {
        try await refresh()
        try await services.database.write { [self] conn in
            try scheduleJobs(conn)
            if prune { try pruneRuns(conn) }
        }
        try await runs.flush(services.database)
        let dropped = runs.takeDropped()
        if dropped > 0 { logger.warning("plugin runs came faster than the runs log is written: \(dropped) runs were not recorded") }
    }
}
