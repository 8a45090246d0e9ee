import CarnetCore
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Webhooks over HTTP")
struct WebhookAPITests {
    @Test("an admin creates, lists, reads, changes and deletes a webhook; the secret shows once", arguments: Backend.available)
    func lifecycle(backend: Backend) async throws {
        try await API.with(backend) { api in
            let created = try await api.create("/api/v1/webhooks", as: .admin, ["url": "https://hooks.example.com/carnet", "events": ["contact.*", "deal.won"],
                                                                                 "description": "CRM sync"])
            let id = created.id
            let secret = try #require(created.string("secret"))
            #expect(id.hasPrefix("whk_") && secret.count == 64)
            #expect(created.headers[.location] == "/api/v1/webhooks/\(id)")
            #expect(created.json["active"] as? Bool == true && created.json["version"] as? Int == 1)

            let read = try await api.send(.get, "/api/v1/webhooks/\(id)")
            #expect(read.code == 200)
            #expect(read.string("secret") == "…" + secret.suffix(4))
            #expect(read.string("url") == "https://hooks.example.com/carnet")
            let list = try await api.send(.get, "/api/v1/webhooks")
            #expect(list.items.compactMap { $0["id"] as? String } == [id])
            #expect(list.items.first?["secret"] as? String == "…" + secret.suffix(4))
            #expect(!list.text.contains(secret))

            let patched = try await api.send(.patch, "/api/v1/webhooks/\(id)", json: ["events": ["*"], "active": false], headers: [.ifMatch: "1"])
            #expect(patched.code == 200, "\(patched.text)")
            #expect(patched.json["events"] as? [String] == ["*"] && patched.json["active"] as? Bool == false && patched.json["version"] as? Int == 2)
            expectProblem(try await api.send(.patch, "/api/v1/webhooks/\(id)", json: ["description": "stale"], headers: [.ifMatch: "1"]), 409)
            expectProblem(try await api.send(.patch, "/api/v1/webhooks/\(id)", json: ["secret": "0123456789abcdef-new"]), 422, fields: ["secret"])
            expectProblem(try await api.send(.patch, "/api/v1/webhooks/\(id)", json: ["url": "http://hooks.example.com:6379"]), 422, fields: ["url"])

            let deliveries = try await api.send(.get, "/api/v1/webhooks/\(id)/deliveries")
            #expect(deliveries.code == 200 && deliveries.items.isEmpty && deliveries.json.keys.contains("next_cursor"))

            // The ping goes to a loopback port nothing listens on: refused at once, never out to the network.
            expectProblem(try await api.send(.post, "/api/v1/webhooks/\(id)/ping"), 409)
            let resumed = try await api.send(.patch, "/api/v1/webhooks/\(id)", json: ["url": "http://127.0.0.1:8443/carnet", "active": true], headers: [.ifMatch: "2"])
            #expect(resumed.code == 200, "\(resumed.text)")
            let ping = try await api.send(.post, "/api/v1/webhooks/\(id)/ping")
            #expect(ping.code == 202, "\(ping.text)")
            #expect(ping.string("webhook_id") == id)
            #expect(ping.string("job_id")?.hasPrefix("job_") == true && ping.string("event_id")?.hasPrefix("evt_") == true)
            // The ping's own job: the outbox may also have queued deliveries of earlier events by now.
            #expect(try await api.count("jobs", where: "kind = 'webhook.deliver' AND id = '\(ping.string("job_id") ?? "")'") == 1)
            expectProblem(try await api.send(.post, "/api/v1/webhooks/whk_missing/ping"), 404)
            expectProblem(try await api.send(.post, "/api/v1/webhooks/\(id)/ping", as: .role(.manager)), 403)

            #expect(try await api.send(.delete, "/api/v1/webhooks/\(id)").code == 204)
            expectProblem(try await api.send(.get, "/api/v1/webhooks/\(id)"), 404)
            expectProblem(try await api.send(.get, "/api/v1/webhooks/\(id)/deliveries"), 404)
            #expect(try await api.count("events", where: "entity_type = 'webhook'") == 5)
            #expect(try await api.count("events", where: "entity_type = 'webhook' AND payload LIKE '%\(secret)%'") == 0)
        }
    }

    @Test("bad input is a 422 naming the field, and nothing is stored", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await API.with(backend) { api in
            let url = "https://hooks.example.com/carnet"
            for (body, field) in [
                (["url": "ftp://hooks.example.com", "events": ["*"]] as [String: Any], "url"),
                (["url": "https://hooks.example.com:22/x", "events": ["*"]], "url"),
                (["url": "not a url", "events": ["*"]], "url"),
                (["url": url, "events": [String]()], "events"),
                (["url": url, "events": ["contact.create"]], "events[0]"),
                (["url": url, "events": ["*"], "secret": "short"], "secret"),
            ] {
                expectProblem(try await api.send(.post, "/api/v1/webhooks", json: body), 422, fields: [field])
            }
            expectProblem(try await api.send(.post, "/api/v1/webhooks", json: ["url": url, "events": ["*"], "colour": "red"]), 422, fields: ["colour"])
            #expect(try await api.count("webhooks") == 0)
            #expect(try await api.count("events", where: "entity_type = 'webhook'") == 0)
        }
    }

    @Test("only admins reach the webhooks; an unknown id is a 404", arguments: Backend.available)
    func permissions(backend: Backend) async throws {
        try await API.with(backend) { api in
            for role in [Role.manager, .member, .readonly] {
                expectProblem(try await api.send(.get, "/api/v1/webhooks", as: .role(role)), 403)
                expectProblem(try await api.send(.post, "/api/v1/webhooks", as: .role(role), json: ["url": "https://h.example.com", "events": ["*"]]), 403)
            }
            expectProblem(try await api.send(.get, "/api/v1/webhooks/whk_missing"), 404)
            expectProblem(try await api.send(.patch, "/api/v1/webhooks/whk_missing", json: ["active": false]), 404)
            expectProblem(try await api.send(.delete, "/api/v1/webhooks/whk_missing"), 404)
        }
    }
}
