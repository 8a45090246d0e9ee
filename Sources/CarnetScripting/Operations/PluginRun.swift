import CarnetCore
import Foundation

/// One recorded run of a plugin's code: what ran, for which event, how long, what it used
/// and how it ended. `GET /api/v1/plugins/{id}/runs` lists them, newest first.
public struct PluginRun: Sendable, Equatable, Encodable {
    /// What started the run.
    public enum Kind: String, Sendable, Encodable {
        case hook, job, action, test
    }

    /// How the run ended.
    public enum Outcome: String, Sendable, Encodable {
        /// It returned normally.
        case ok
        /// A before-hook vetoed the change with `crm.reject`.
        case rejected
        /// It raised an error it did not catch.
        case error
        /// It exceeded a budget and was stopped.
        case budget
    }

    /// Given when the run is written to the log (see ``PluginRunLog``); empty until then.
    public var id: String
    public var pluginID: String
    public var version: String
    public var kind: Kind
    /// The hook's event key (`before:deal.stage_changed`), the job's function or the action's name.
    public var target: String
    public var eventID: String?
    public var startedAt: Date
    public var durationMicros: Int64
    public var cpuMicros: Int64
    public var memoryPeak: Int64
    public var hostCalls: Int64
    public var outcome: Outcome
    /// The error or the veto's message.
    public var error: String?
    public var logs: [PluginRunContext.LogLine]

    enum CodingKeys: String, CodingKey {
        case id, pluginID = "plugin_id", version, kind, target, eventID = "event_id", startedAt = "started_at"
        case durationMicros = "duration_us", cpuMicros = "cpu_us", memoryPeak = "memory_peak", hostCalls = "host_calls"
        case outcome, error, logs
    }

    /// Writes every key, nulls included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(pluginID, forKey: .pluginID)
        try c.encode(version, forKey: .version)
        try c.encode(kind, forKey: .kind)
        try c.encode(target, forKey: .target)
        try c.encode(eventID, forKey: .eventID)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(durationMicros, forKey: .durationMicros)
        try c.encode(cpuMicros, forKey: .cpuMicros)
        try c.encode(memoryPeak, forKey: .memoryPeak)
        try c.encode(hostCalls, forKey: .hostCalls)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(error, forKey: .error)
        try c.encode(logs, forKey: .logs)
    }
}
