import CarnetCore
import CarnetStore
import Hummingbird

/// `/api/v1/modules`: list, preview, enable and disable optional modules.
struct ModuleRoutes {
    let writes: WriteRunner
    let gate: ModuleGate

    /// One module as the API lists it.
    struct Summary: Encodable, Sendable {
        var id: String
        var title: String
        var summary: String
        var enabled: Bool
        var dependencies: [String]
    }

    func register(_ api: APIRouteBuilder) {
        let services = writes.services
        let gate = self.gate
        api.on(.get, "modules", .read) { _, _, _ in
            let enabled = try await services.database.read { conn in try services.modules.enabled(conn) }
            let items = services.modules.catalog.modules.map {
                Summary(id: $0.id, title: $0.title, summary: $0.summary, enabled: enabled.contains($0.id), dependencies: $0.dependencies)
            }
            return try JSONBody.response(Page(items: items, nextCursor: nil))
        }
        api.on(.get, "modules/{id}/impact", .administer) { _, context, _ in
            try JSONBody.response(try await services.moduleImpact(try context.parameter("id")))
        }
        api.on(.post, "modules/{id}/enable", .administer) { _, context, actor in
            let id = try context.parameter("id")
            try await services.enableModule(id, actor: actor)
            gate.forget()
            return try JSONBody.response(try await services.moduleImpact(id))
        }
        api.on(.post, "modules/{id}/disable", .administer) { _, context, actor in
            let id = try context.parameter("id")
            try await services.disableModule(id, actor: actor)
            gate.forget()
            return try JSONBody.response(try await services.moduleImpact(id))
        }
    }
}
