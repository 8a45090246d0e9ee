import CarnetCore
import CarnetStore
import Foundation

extension PluginHost {
    /// The job kind of a plugin's scheduled function.
    public static let scheduledJobKind = "plugin.job"

    /// Queues the next run of every scheduled function of the running plugins, once per
    /// slot across all instances (the dedupe key names the slot).
    func scheduleJobs(_ conn: any SQLConnection) throws {
        let now = services.context.clock.now
        let requests = snapshot.active.values.flatMap { plugin in
            plugin.manifest.jobs.map { job in
                let slot = job.schedule.next(after: now)
                return JobRequest(kind: Self.scheduledJobKind,
                                  payload: .object(["plugin": .string(plugin.id), "function": .string(job.function),
                                                    "slot": .number(slot.timeIntervalSince1970)]),
                                  runAt: slot, dedupeKey: "\(Self.scheduledJobKind):\(plugin.id):\(job.function)@\(Int(slot.timeIntervalSince1970))")
            }
        }
        if !requests.isEmpty { _ = try services.jobs.enqueue(requests, conn) }
    }

    /// Runs a scheduled function in the job's transaction. A plugin disabled since, or whose
    /// new version dropped the function, skips the run.
    public var scheduledJobHandler: JobHandler {
        JobHandler(kind: Self.scheduledJobKind) { [self] job, conn in
            guard case .object(let payload) = job.payload, case .string(let pluginID)? = payload["plugin"],
                  case .string(let function)? = payload["function"] else {
                throw CarnetError.malformed(detail: "The job \(job.id) carries no plugin and function.", field: "payload")
            }
            guard let plugin = active(pluginID), plugin.manifest.jobs.contains(where: { $0.function == function }) else { return }
            var slot: Int64 = 0
            if case .number(let value)? = payload["slot"] { slot = Int64(value) }
            _ = try runJob(plugin, function: function, slot: slot, conn)
        }
    }

    /// Runs a plugin's job function with `{scheduled_at = slot}` in the caller's transaction.
    func runJob(_ plugin: ActivePlugin, function: String, slot: Int64, _ conn: any SQLConnection) throws -> [LuaValue] {
        let context = PluginRunContext(conn: conn, host: self, phase: .job, actor: .plugin(id: plugin.id, after: .system))
        return try execute(plugin, kind: .job, target: function, function: function, arguments: [LuaValue.object(["scheduled_at": .integer(slot)])],
                           budget: plugin.budget(before: false), eventID: nil, context: context).get()
    }

    /// Deletes the runs older than `[plugins] keep_runs_days`.
    func pruneRuns(_ conn: any SQLConnection) throws {
        let cutoff = services.context.clock.now.addingTimeInterval(-Double(settings.keepRunsDays) * 86_400)
        try PluginRunLog.prune(before: cutoff, conn)
    }
}
