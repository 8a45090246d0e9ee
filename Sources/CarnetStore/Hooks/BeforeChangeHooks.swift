import CarnetCore

/// Code that sees a change before it is stored, inside the change's transaction and on its
/// thread: the Lua before-hooks of enabled plugins.
///
/// The services ask ``listens(to:actor:)`` first, so a change nobody hooks costs one lookup
/// and no encoding.
public protocol BeforeChangeHooks: Sendable {
    /// Whether a hook would run for any of `events` made by `actor` (a plugin's hooks skip
    /// the changes its own code makes).
    func listens(to events: [String], actor: Actor) -> Bool

    /// Runs the hooks of the change's events. Returns the fields they set, as a JSON merge
    /// patch in the API's field names (empty when none); throws
    /// ``CarnetError/pluginRejected(plugin:message:)`` to veto the change, or
    /// ``CarnetError/pluginFailed(plugin:detail:)`` when a hook failed.
    func run(_ change: PendingChange, _ conn: any SQLConnection) throws -> [String: JSONValue]
}
