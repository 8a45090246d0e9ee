/// What the host knows of one plugin, for `GET /api/v1/plugins` and `carnet plugins list`.
public struct PluginStatus: Sendable, Equatable, Encodable {
    /// Whether the plugin runs.
    public enum State: String, Sendable, Encodable {
        /// Enabled, and a version of it passed its checks and runs.
        case running
        /// Not enabled.
        case disabled
        /// Enabled, but no version of it passes its checks; `error` says why.
        case broken
    }

    public var id: String
    public var version: String?
    public var description: String?
    public var enabled: Bool
    public var state: State
    /// Why the last load failed; a running plugin may have one when a newer version on disk
    /// is broken and the previous version goes on running.
    public var error: String?
    /// The hooks' event keys, the jobs' functions with schedules, the actions' names.
    public var hooks: [String]
    public var jobs: [String]
    public var actions: [String]

    enum CodingKeys: String, CodingKey {
        case id, version, description, enabled, state, error, hooks, jobs, actions
    }

    /// Writes every key, nulls included.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(version, forKey: .version)
        try c.encode(description, forKey: .description)
        try c.encode(enabled, forKey: .enabled)
        try c.encode(state, forKey: .state)
        try c.encode(error, forKey: .error)
        try c.encode(hooks, forKey: .hooks)
        try c.encode(jobs, forKey: .jobs)
        try c.encode(actions, forKey: .actions)
    }
}
