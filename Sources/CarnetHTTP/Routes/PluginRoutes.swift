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
        let control = PluginControl(host: host, services: writes.services)
        api.on(.get, "plugins", .administer) { _, _, _ in
            try JSONBody.response(Page(items: try await host.statuses(), nextCursor: nil))
        }
        api.on(.post, "plugins/{id}/enable", .administer) { _, context, _ in
            try JSONBody.response(try await control.enable(try context.parameter("id")))
        }
        api.on(.post, "plugins/{id}/disable", .administer) { _, context, _ in
            try JSONBody.response(try await control.disable(try context.parameter("id")))
        }
        api.on(.post, "plugins/{id}/reload", .administer) { _, context, _ in
            try JSONBody.response(try await control.reload(try context.parameter("id")))
        }
        api.on(.get, "plugins/{id}/runs", .administer) { request, context, _ in
            let id = try context.parameter("id")
            let limit = try Cursor.limit(request.query("limit"))
            return try JSONBody.response(try await control.runs(id, limit: limit, cursor: request.query("cursor")))
        }
        api.on(.post, "plugins/{id}/actions/{name}", .write) { request, context, actor in
            let id = try context.parameter("id")
            let name = try context.parameter("name")
            let body = try await writes.decode(ActionRequest.self, request)
            let result = try await host.runAction(plugin: id, action: name, targetID: body.targetID, input: body.input ?? .object([:]), actor: actor)
            return try JSONBody.response(ActionResult(result: result))
        }
    }
}
