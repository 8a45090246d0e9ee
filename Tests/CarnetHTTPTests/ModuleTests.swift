import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

/// A tiny module for the tests: one table, a route listing it and a route adding to it.
struct WidgetsModule: CarnetModule {
    let id = "widgets"
    let title = "Widgets"
    let summary = "Keeps a list of widgets (test module)."

    var migrations: [Migration] {
        [Migration(1, "widgets table", sql: ["CREATE TABLE test_widgets (id TEXT PRIMARY KEY, name TEXT)"])]
    }

    var routes: [ModuleRoute] {
        [
            ModuleRoute(.get, "widgets", permission: .read, summary: "List widgets") { request in
                let names = try await request.carnet.database.read { conn in
                    try conn.query("SELECT id, name FROM test_widgets ORDER BY id", []).map { row in
                        JSONValue.object(["id": .string(row.string("id") ?? ""), "name": .string(row.string("name") ?? "")])
                    }
                }
                return RouteResponse(json: .object(["items": .array(names)]))
            },
            ModuleRoute(.post, "widgets", permission: .write, summary: "Add a widget") { request in
                guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                      let name = body["name"] as? String, !name.isEmpty
                else {
                    throw CarnetError.validation([FieldError("name", "is required")])
                }
                let id = EntityID.make("wid", at: request.carnet.context.clock.now)
                _ = try await request.carnet.database.write { conn in
                    try conn.execute("INSERT INTO test_widgets (id, name) VALUES (?, ?)", [.text(id), .text(name)])
                }
                return RouteResponse(status: 201, json: .object(["id": .string(id), "name": .string(name)]))
            },
        ]
    }
}

@Suite("Modules switched on and off through the API")
struct ModuleTests {
    static func widgetsListed(_ api: API) async throws -> Bool? {
        let modules = try await api.send(.get, "/api/v1/modules", as: .role(.readonly))
        #expect(modules.code == 200)
        return modules.items.first { $0["id"] as? String == "widgets" }?["enabled"] as? Bool
    }

    static func expectDisabled(_ answer: APIResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        expectProblem(answer, 404, typeSuffix: "module-disabled", sourceLocation: sourceLocation)
        #expect(answer.string("detail")?.contains("widgets") == true, "\(answer.text)", sourceLocation: sourceLocation)
    }

    @Test("a disabled module's routes are 404; enabling brings them back; disabling keeps the data", arguments: Backend.available)
    func enableDisable(backend: Backend) async throws {
        try await API.with(backend, catalog: ModuleCatalog([WidgetsModule()])) { api in
            #expect(try await Self.widgetsListed(api) == false)
            Self.expectDisabled(try await api.send(.get, "/api/v1/widgets", as: .role(.admin)))
            Self.expectDisabled(try await api.send(.post, "/api/v1/widgets", as: .role(.member), json: ["name": "Sprocket"]))

            let refused = try await api.send(.post, "/api/v1/modules/widgets/enable", as: .role(.member))
            expectProblem(refused, 403, typeSuffix: "forbidden")
            #expect(try await Self.widgetsListed(api) == false)

            let enabled = try await api.send(.post, "/api/v1/modules/widgets/enable", as: .role(.admin))
            #expect(enabled.code == 200, "\(enabled.text)")
            #expect(enabled.string("module") == "widgets")
            #expect((enabled.json["pending_migrations"] as? [String])?.isEmpty == true)
            #expect(try await Self.widgetsListed(api) == true)

            let empty = try await api.send(.get, "/api/v1/widgets", as: .role(.readonly))
            #expect(empty.code == 200, "\(empty.text)")
            #expect(empty.items.isEmpty)
            let added = try await api.send(.post, "/api/v1/widgets", as: .role(.member), json: ["name": "Sprocket"])
            #expect(added.code == 201, "\(added.text)")
            let widgetID = added.id
            let listed = try await api.send(.get, "/api/v1/widgets", as: .role(.readonly))
            #expect(listed.items.map { $0["name"] as? String } == ["Sprocket"])
            #expect(listed.items.map { $0["id"] as? String } == [widgetID])

            let disabled = try await api.send(.post, "/api/v1/modules/widgets/disable", as: .role(.admin))
            #expect(disabled.code == 200, "\(disabled.text)")
            #expect(try await Self.widgetsListed(api) == false)
            Self.expectDisabled(try await api.send(.get, "/api/v1/widgets", as: .role(.readonly)))
            let stored = try await api.services.database.read { conn in
                try conn.query("SELECT id, name FROM test_widgets", []).map { [$0.string("id"), $0.string("name")] }
            }
            #expect(stored == [[widgetID, "Sprocket"]])

            let again = try await api.send(.post, "/api/v1/modules/widgets/enable", as: .role(.admin))
            #expect(again.code == 200, "\(again.text)")
            let back = try await api.send(.get, "/api/v1/widgets", as: .role(.readonly))
            #expect(back.code == 200)
            #expect(back.items.map { $0["id"] as? String } == [widgetID])
            #expect(back.items.map { $0["name"] as? String } == ["Sprocket"])

            let events = try await api.send(.get, "/api/v1/events?type=module.enabled", as: .role(.admin))
            #expect(events.items.count == 2)
        }
    }

    @Test("GET /api/v1/modules lists every compiled module with enabled, dependencies and title", arguments: Backend.available)
    func listModules(backend: Backend) async throws {
        try await API.with(backend, catalog: ModuleCatalog([WidgetsModule()]), enabledModules: ["widgets"]) { api in
            let modules = try await api.send(.get, "/api/v1/modules", as: .role(.readonly))
            #expect(modules.code == 200)
            #expect(modules.items.count == 1)
            let widgets = modules.items.first
            #expect(widgets?["id"] as? String == "widgets")
            #expect(widgets?["title"] as? String == "Widgets")
            #expect(widgets?["enabled"] as? Bool == true)
            #expect((widgets?["dependencies"] as? [String]) == [])
            let listed = try await api.send(.get, "/api/v1/widgets", as: .role(.readonly))
            #expect(listed.code == 200, "a module enabled in the configuration serves its routes: \(listed.text)")
            let unknown = try await api.send(.post, "/api/v1/modules/gadgets/enable", as: .role(.admin))
            expectProblem(unknown, 404, typeSuffix: "not-found")
        }
    }
}
