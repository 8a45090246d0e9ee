import CarnetCore
import CarnetStore
import Foundation

extension PluginHost {
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
                try await refresh()
                let prune = services.context.clock.now.timeIntervalSince(lastPrune) >= 3600
                try await services.database.write { [self] conn in
                    try scheduleJobs(conn)
                    if prune { try pruneRuns(conn) }
                }
                if prune { lastPrune = services.context.clock.now }
                try await runs.flush(services.database)
            } catch is CancellationError {
                break
            } catch {
                logger.error("plugin host: \(error)")
            }
            try? await Task.sleep(for: settings.refreshInterval)
        }
        try? await runs.flush(services.database)
    }
}
