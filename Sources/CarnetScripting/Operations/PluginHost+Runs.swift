import CarnetCore
import Foundation

extension PluginHost {
    /// Runs one function of a plugin on the calling thread, with a state from its pool, and
    /// records the run. A veto (`crm.reject`) shows as outcome `rejected`, whatever the
    /// script did after it.
    func execute(_ plugin: ActivePlugin, kind: PluginRun.Kind, target: String, function: String, arguments: [any LuaArgument],
                 budget: ScriptBudget, eventID: String?, context: PluginRunContext) -> Result<[LuaValue], ScriptError> {
        let startedAt = services.context.clock.now
        let start = ContinuousClock.now
        let result: Result<LuaRunResult, ScriptError>
        do {
            result = .success(try plugin.pool.withSandbox { sandbox, chunk in
                try sandbox.run(chunk, function: function, arguments: arguments, budget: budget, context: context)
            })
        } catch let error as ScriptError {
            result = .failure(error)
        } catch {
            result = .failure(ScriptError(kind: .runtime, pluginID: plugin.id, version: plugin.manifest.version, chunk: PluginLoader.mainFileName,
                                          message: "\(error)"))
        }
        let elapsed = ContinuousClock.now - start
        let usage: ScriptUsage? = switch result {
        case .success(let run): run.usage
        case .failure(let error): error.usage
        }
        let outcome: PluginRun.Outcome
        var message: String?
        if let rejection = context.rejection {
            outcome = .rejected
            message = rejection
        } else {
            switch result {
            case .success: outcome = .ok
            case .failure(let error):
                if case .budget = error.kind { outcome = .budget } else { outcome = .error }
                message = error.description
            }
        }
        runs.record(PluginRun(
            id: "", pluginID: plugin.id, version: plugin.manifest.version, kind: kind, target: target,
            eventID: eventID, startedAt: startedAt, durationMicros: elapsed.microseconds, cpuMicros: usage?.cpuTime.microseconds ?? 0,
            memoryPeak: Int64(usage?.memoryPeak ?? 0), hostCalls: Int64(usage?.hostCalls ?? 0), outcome: outcome, error: message,
            logs: context.logs))
        return result.map(\.values)
    }
}

extension Duration {
    /// Whole microseconds, saturating.
    var microseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000)
        return overflow ? .max : whole.addingReportingOverflow(attoseconds / 1_000_000_000_000).partialValue
    }
}
