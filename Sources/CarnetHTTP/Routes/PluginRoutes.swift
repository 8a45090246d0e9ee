import CarnetCore
import CarnetScripting
import CarnetStore
import Foundation
import Hummingbird

/// `/api/v1/plugins`: admins list, enable, disable and reload Lua plugins and read their
/// runs; members run their actions.
struct PluginRoutes {
    let writes: WriteRunner
    let host: PluginHost

    /// The body of `POST /api/v1/plugins/{id}/actions/{name}`.
    struct ActionRequest: Decodable, Sendable {
        var targetID: String
        var input: JSONValue?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case targetID = "target_id", input
        }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            targetID = try c.decode(String.self, forKey: .targetID)
            input = try c.decodeIfPresent(JSONValue.self, forKey: .input)
        }
    }

    /// The answer of an action: what its function returned.
    struct ActionResult: Encodable, Sendable {
        var result: JSONValue
    }

    func register(_ api: APIRouteBuilder) {
        let host = self.host
        let services = writes.services
        api.on(.get, "plugins", .administer) { _, _, _ in
            try JSONBody.response(Page(items: try await host.statuses(), nextCursor: nil))
        }
        api.on(.post, "plugins/{id}/enable", .administer) { _, context, _ in
            let id = try await checked(try context.parameter("id"))
            let now = services.context.clock.now
            try await services.database.write { conn in try PluginStates.setEnabled(id, true, at: now, conn) }
            return try await status(id)
        }
        api.on(.post, "plugins/{id}/disable", .administer) { _, context, _ in
            let id = try context.parameter("id")
            try await requireKnown(id)
            let now = services.context.clock.now
            try await services.database.write { conn in try PluginStates.setEnabled(id, false, at: now, conn) }
            return try await status(id)
        }
        api.on(.post, "plugins/{id}/reload", .administer) { _, context, _ in
            let id = try await checked(try context.parameter("id"))
            let now = services.context.clock.now
            try await services.database.write { conn in try PluginStates.requestReload(id, at: now, conn) }
            return try await status(id)
        }
        api.on(.get, "plugins/{id}/runs", .administer) { request, context, _ in
            let id = try context.parameter("id")
            let limit = try Cursor.limit(request.query("limit"))
            let cursor = request.query("cursor")
            try await host.runs.flush(services.database)
            return try await writes.read { conn in try PluginRunLog.list(pluginID: id, limit: limit, cursor: cursor, conn) }
        }
        api.on(.post, "plugins/{id}/actions/{name}", .write) { request, context, actor in
            let id = try context.parameter("id")
            let name = try context.parameter("name")
            let body = try await writes.decode(ActionRequest.self, request)
            let result = try await host.runAction(plugin: id, action: name, targetID: body.targetID, input: body.input ?? .object([:]), actor: actor)
            return try JSONBody.response(ActionResult(result: result))
        }
    }

    /// The plugin's id once its folder passes every check; 422 listing the problems otherwise
    /// (a running version stays as it is).
    private func checked(_ id: String) async throws -> String {
        try await requireKnown(id)
        do {
            _ = try await host.check(id)
        } catch {
            throw CarnetError.validation(error.problems.map { problem in
                FieldError(String(problem.prefix { $0 != ":" }), problem)
            })
        }
        return id
    }

    /// 404 unless the plugin has a folder or a recorded state.
    private func requireKnown(_ id: String) async throws {
        guard try await host.statuses().contains(where: { $0.id == id }) else { throw CarnetError.notFound(entity: "plugin", id: id) }
    }

    /// Applies the change on this instance at once, then answers the plugin's status.
    private func status(_ id: String) async throws -> Response {
        try await host.refresh()
        guard let status = try await host.statuses().first(where: { $0.id == id }) else { throw CarnetError.notFound(entity: "plugin", id: id) }
        return try JSONBody.response(status)
    }
}
