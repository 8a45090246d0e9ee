import CarnetCore
import CarnetScripting
import CarnetStore
import Foundation

/// What the plugins' API and admin page both do to a plugin: enable, disable or reload it
/// after the same checks, apply the change on this instance at once, and read its runs.
struct PluginControl: Sendable {
    let host: PluginHost
    let services: Services

    /// Turns a plugin on once its folder passes every check; 422 listing the problems otherwise.
    func enable(_ id: String) async throws -> PluginStatus {
        try await checked(id)
        let now = services.context.clock.now
        try await services.database.write { conn in try PluginStates.setEnabled(id, true, at: now, conn) }
        return try await refreshed(id)
    }

    /// Turns a plugin off; 404 for a plugin with neither a folder nor a recorded state.
    func disable(_ id: String) async throws -> PluginStatus {
        try await requireKnown(id)
        let now = services.context.clock.now
        try await services.database.write { conn in try PluginStates.setEnabled(id, false, at: now, conn) }
        return try await refreshed(id)
    }

    /// Asks every instance to read the plugin's files again, once they pass every check; a
    /// running version stays as it is when they do not (422 listing the problems).
    func reload(_ id: String) async throws -> PluginStatus {
        try await checked(id)
        let now = services.context.clock.now
        try await services.database.write { conn in try PluginStates.requestReload(id, at: now, conn) }
        return try await refreshed(id)
    }

    /// A plugin's runs, newest first, the ones still buffered in memory included.
    func runs(_ id: String, limit: Int, cursor: String?) async throws -> Page<PluginRun> {
        try await host.runs.flush(services.database)
        return try await services.database.read { conn in try PluginRunLog.list(pluginID: id, limit: limit, cursor: cursor, conn) }
    }

    /// The status of a plugin the host knows; 404 otherwise.
    func status(of id: String) async throws -> PluginStatus {
        guard let status = try await host.statuses().first(where: { $0.id == id }) else { throw CarnetError.notFound(entity: "plugin", id: id) }
        return status
    }

    /// 422 listing the problems unless the plugin's folder passes every check.
    private func checked(_ id: String) async throws {
        try await requireKnown(id)
        do {
            _ = try await host.check(id)
        } catch {
            throw CarnetError.validation(error.problems.map { problem in
                FieldError(String(problem.prefix { $0 != ":" }), problem)
            })
        }
    }

    /// 404 unless the plugin has a folder or a recorded state.
    private func requireKnown(_ id: String) async throws {
        _ = try await status(of: id)
    }

    /// Applies the change on this instance at once, then gives the plugin's status.
    private func refreshed(_ id: String) async throws -> PluginStatus {
        try await host.refresh()
        return try await status(of: id)
    }
}
