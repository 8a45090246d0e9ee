import CarnetCore
import CarnetHTTP
import CarnetTestSupport
import Foundation
import Testing

/// `/api/v1/plugins` over the shipped plugins, copied to a folder of the test's own.
@Suite("Plugins through the API")
struct PluginAPITests {
    /// The repository's `plugins/` folder.
    static let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("plugins", isDirectory: true)

    /// Runs `body` with the shipped plugins copied to a fresh folder that the API's host reads.
    static func with(_ backend: Backend, _ body: @escaping @Sendable (API, URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-api-plugins-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.copyItem(at: shipped, to: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = API.config
        config.plugins.directory = directory
        try await API.with(backend, config: config) { api in try await body(api, directory) }
    }

    @Test("enable a gate, see it refuse a move with its message and record the run, then disable it", arguments: Backend.available)
    func gate(backend: Backend) async throws {
        try await Self.with(backend) { api, _ in
            let listed = try await api.send(.get, "/api/v1/plugins")
            #expect(listed.code == 200)
            let gate = listed.items.first { $0["id"] as? String == "decision-maker-gate" }
            #expect(gate?["state"] as? String == "disabled")

            let enabled = try await api.send(.post, "/api/v1/plugins/decision-maker-gate/enable")
            #expect(enabled.code == 200)
            #expect(enabled.string("state") == "running")

            let contact = try await api.send(.post, "/api/v1/contacts", json: ["first_name": "Paul", "last_name": "Martin", "title": "Assistant"])
            let deal = try await api.send(.post, "/api/v1/deals", json: ["title": "Audit", "contact_id": contact.id])
            #expect(deal.code == 201)
            let move: [String: Any] = ["stage": "proposal", "amount": 1_200_000, "expected_close": "2030-12-31"]
            // A second later, so that newest first is not a tie with the creation's run.
            api.clock.advance(by: 1)
            let refused = try await api.send(.patch, "/api/v1/deals/\(deal.id)", json: move)
            #expect(refused.code == 422)
            #expect(refused.problemType == "https://carnet.dev/problems/plugin-rejected")
            #expect(refused.string("detail")?.contains("decision-maker-gate") == true)
            #expect(try await api.send(.get, "/api/v1/deals/\(deal.id)").string("stage") == "lead")

            let runs = try await api.send(.get, "/api/v1/plugins/decision-maker-gate/runs")
            #expect(runs.items.first?["outcome"] as? String == "rejected")
            #expect(runs.items.first?["target"] as? String == "before:deal.stage_changed")

            #expect(try await api.send(.post, "/api/v1/plugins/decision-maker-gate/disable").string("state") == "disabled")
            #expect(try await api.send(.patch, "/api/v1/deals/\(deal.id)", json: move).code == 200)
        }
    }

    @Test("a reload of broken files is refused naming the file; the running version stays", arguments: Backend.available)
    func brokenReload(backend: Backend) async throws {
        try await Self.with(backend) { api, directory in
            #expect(try await api.send(.post, "/api/v1/plugins/decision-maker-gate/enable").code == 200)
            let main = directory.appendingPathComponent("decision-maker-gate/main.lua")
            try Data("function gate(event)\n  if then\nend\n".utf8).write(to: main)
            let refused = try await api.send(.post, "/api/v1/plugins/decision-maker-gate/reload")
            #expect(refused.code == 422)
            #expect(refused.problemFields.contains { $0.hasPrefix("main.lua") })
            let status = try await api.send(.get, "/api/v1/plugins").items.first { $0["id"] as? String == "decision-maker-gate" }
            #expect(status?["state"] as? String == "running")
            #expect(try await api.send(.post, "/api/v1/plugins/no-such-plugin/enable").code == 404)
        }
    }

    @Test("an action runs for a member and answers its result; a reader may not run it", arguments: Backend.available)
    func action(backend: Backend) async throws {
        try await Self.with(backend) { api, _ in
            #expect(try await api.send(.post, "/api/v1/plugins/custom-score/enable").code == 200)
            let contact = try await api.send(.post, "/api/v1/contacts", json: ["first_name": "Eva", "last_name": "Roy", "title": "CEO", "email": "eva@roy-industries.fr"])
            let result = try await api.send(.post, "/api/v1/plugins/custom-score/actions/rescore", as: .role(.member), json: ["target_id": contact.id])
            #expect(result.code == 200)
            #expect(result.json["result"] is NSNumber)
            let denied = try await api.send(.post, "/api/v1/plugins/custom-score/actions/rescore", as: .role(.readonly), json: ["target_id": contact.id])
            #expect(denied.code == 403)
            let unknown = try await api.send(.post, "/api/v1/plugins/custom-score/actions/rescore", json: ["target_id": contact.id, "colour": "red"])
            #expect(unknown.code == 422)
            #expect(unknown.problemFields == ["colour"])
        }
    }
}
