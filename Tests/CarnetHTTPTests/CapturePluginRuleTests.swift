import CarnetCapture
import CarnetCore
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("A plugin's assign(lead) picks a captured lead's owner")
struct CapturePluginRuleTests {
    /// Gives French leads to the manager, loops on leads from the form `loop`, fails on `broken`,
    /// names someone who is no user on `ghost`, and passes the others.
    static let router = PluginSource("router", main: """
        function assign(lead)
          if lead.form == "broken" then error("no territory table") end
          if lead.form == "loop" then while true do end end
          if lead.form == "ghost" then return "nobody@example.com" end
          if lead.country == "FR" then return "manager@example.com" end
          return nil
        end
        """)

    @Test("the plugin's answer, by e-mail, is the owner; nil, a stranger, a failure or a runaway passes to the next rule; the rule is checked",
          arguments: Backend.available)
    func pluginRule(backend: Backend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-capture-plugins-\(UUID().uuidString)", isDirectory: true)
        try Self.router.write(to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = API.config
        config.plugins.directory = directory
        config.plugins.enabledAtFirstStart = ["router"]
        try await API.with(backend, catalog: ModuleCatalog([CaptureModule()]), enabledModules: ["capture"], config: config) { api in
            let member = try #require(api.users[.member])
            let manager = try #require(api.users[.manager])
            _ = try await api.create("/api/v1/capture/rules", as: .manager, ["kind": "plugin", "name": "Ask the router", "plugin": "router", "position": 1])
            _ = try await api.create("/api/v1/capture/rules", as: .manager, ["kind": "round_robin", "name": "Member", "user_ids": [member.id], "position": 2])
            for slug in ["expo", "broken", "loop", "ghost"] {
                _ = try await api.create("/api/v1/capture/forms", as: .manager, ["slug": slug, "title": slug, "fields": [
                    ["name": "email", "label": "E-mail", "kind": "email", "required": true, "maps_to": "email"],
                    ["name": "country", "label": "Country", "maps_to": "country"],
                ]])
            }
            func owner(_ slug: String, _ email: String, country: String) async throws -> String? {
                let answer = try await api.send(.post, "/f/\(slug)", as: .anonymous, json: ["email": email, "country": country])
                #expect(answer.code == 200 || answer.code == 201, "\(answer.text)")
                let contact = try #require(answer.json["contact_id"] as? String)
                return try await api.services.database.read { conn in try api.services.contacts.get(contact, conn).ownerID }
            }
            #expect(try await owner("expo", "lea@example.fr", country: "FR") == manager.id)
            #expect(try await owner("expo", "max@example.de", country: "DE") == member.id)
            #expect(try await owner("broken", "zoe@example.fr", country: "FR") == member.id)
            #expect(try await owner("loop", "ugo@example.fr", country: "FR") == member.id)
            #expect(try await owner("ghost", "ida@example.fr", country: "FR") == member.id)
            let runs = try await api.send(.get, "/api/v1/plugins/router/runs", as: .role(.admin))
            let outcomes = runs.items.compactMap { $0["outcome"] as? String }
            #expect(outcomes.filter { $0 == "error" }.count == 1 && outcomes.filter { $0 == "budget" }.count == 1, "\(outcomes)")
            #expect(runs.items.first?["target"] as? String == "call:assign")

            expectProblem(try await api.send(.post, "/api/v1/capture/rules", as: .role(.manager), json: ["kind": "plugin", "name": "X"]), 422, fields: ["plugin"])
            expectProblem(try await api.send(.post, "/api/v1/capture/rules", as: .role(.manager),
                                             json: ["kind": "territory", "name": "X", "countries": ["FR"], "owner_id": member.id, "plugin": "router"]),
                          422, fields: ["plugin"])
            expectProblem(try await api.send(.post, "/api/v1/capture/rules", as: .role(.manager),
                                             json: ["kind": "plugin", "name": "X", "plugin": "router", "function": "a b"]), 422, fields: ["function"])
        }
    }
}
