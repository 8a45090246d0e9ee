import CarnetCore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("A sales workflow through the API")
struct SalesWorkflowTests {
    @Test("a deal goes from lead to won, leaving events, a stage history and a searchable contact", arguments: Backend.available)
    func leadToWon(backend: Backend) async throws {
        try await API.with(backend) { api in
            let company = try await api.create("/api/v1/companies", ["name": "Acme Industries", "country": "fr"])
            #expect(company.headers[.location] == "/api/v1/companies/\(company.id)")
            #expect(company.string("country") == "FR")

            let contact = try await api.create("/api/v1/contacts", [
                "first_name": "Éloïse", "last_name": "Dupré", "email": "Eloise.Dupre@Acme.example", "company_id": company.id,
            ])
            #expect(contact.string("company_id") == company.id)
            #expect(contact.string("email") == "eloise.dupre@acme.example")
            #expect(contact.string("owner_id") == api.users[.member]?.id)

            let created = try await api.create("/api/v1/deals", [
                "title": "Acme renewal", "contact_id": contact.id, "company_id": company.id,
            ])
            let dealID = created.id
            #expect(created.string("stage") == "lead")
            #expect(created.json["probability"] as? Int == 10)
            #expect(created.json["version"] as? Int == 1)

            api.clock.advance(by: 3600)
            let meeting = try await api.create("/api/v1/activities", [
                "kind": "meeting", "subject": "Discovery call on site", "deal_id": dealID, "contact_id": contact.id, "duration_minutes": 45,
            ])
            #expect(meeting.string("kind") == "meeting")
            #expect(meeting.string("deal_id") == dealID)

            let steps: [(stage: String, fields: [String: Any], probability: Int)] = [
                ("qualified", ["custom_fields": ["need": "a shared customer file", "decision_maker": "Éloïse Dupré"]], 25),
                ("meeting", [:], 40),
                ("proposal", ["amount": 1_500_000, "expected_close": "2026-03-31"], 60),
                ("negotiation", ["next_action": "send the revised quote", "next_action_at": "2026-02-10T09:00:00Z"], 80),
                ("won", [:], 100),
            ]
            var version = 1
            for step in steps {
                api.clock.advance(by: 3600)
                var body = step.fields
                body["stage"] = step.stage
                let moved = try await api.send(.patch, "/api/v1/deals/\(dealID)", as: .role(.member), json: body, headers: [.ifMatch: "\(version)"])
                #expect(moved.code == 200, "moving to \(step.stage): \(moved.text)")
                #expect(moved.string("stage") == step.stage)
                #expect(moved.json["probability"] as? Int == step.probability)
                #expect(moved.json["version"] as? Int == version + 1)
                version += 1
            }

            let won = try await api.send(.get, "/api/v1/deals/\(dealID)", as: .role(.readonly))
            #expect(won.code == 200)
            #expect(won.string("stage") == "won")
            #expect(won.json["amount"] as? Int == 1_500_000)
            #expect(won.string("expected_close") == "2026-03-31")
            #expect(won.string("next_action_at") == "2026-02-10T09:00:00.000Z")
            #expect(won.string("closed_at") != nil)
            #expect((won.json["custom_fields"] as? [String: Any])?["need"] as? String == "a shared customer file")

            let events = try await api.send(.get, "/api/v1/events?limit=200", as: .role(.admin))
            #expect(events.code == 200)
            let types = events.items.compactMap { $0["type"] as? String }
            #expect(types.contains("contact.created"))
            #expect(types.filter { $0 == "deal.stage_changed" }.count == 5)
            #expect(types.filter { $0 == "deal.won" }.count == 1)
            #expect(events.json.keys.contains("next_cursor"))
            #expect(events.json["next_cursor"] is NSNull)
            let wonEvent = events.items.first { $0["type"] as? String == "deal.won" }
            #expect(wonEvent?["entity_id"] as? String == dealID)
            #expect(wonEvent?["actor_id"] as? String == api.users[.member]?.id)
            let onlyWon = try await api.send(.get, "/api/v1/events?type=deal.won", as: .role(.admin))
            #expect(onlyWon.items.map { $0["entity_id"] as? String } == [dealID])

            let history = try await api.send(.get, "/api/v1/deals/\(dealID)/stages", as: .role(.readonly))
            #expect(history.code == 200)
            #expect(history.items.map { $0["to"] as? String } == ["lead", "qualified", "meeting", "proposal", "negotiation", "won"])
            #expect(history.items.map { $0["from"] as? String } == [nil, "lead", "qualified", "meeting", "proposal", "negotiation"])

            for prefix in ["Dup", "elo", "ELOISE.D", "acme"] {
                let found = try await api.send(.get, "/api/v1/contacts?q=\(prefix)", as: .role(.readonly))
                #expect(found.code == 200)
                #expect(found.items.map { $0["id"] as? String } == [contact.id], "q=\(prefix): \(found.text)")
            }
            let none = try await api.send(.get, "/api/v1/contacts?q=zz", as: .role(.readonly))
            #expect(none.code == 200)
            #expect(none.items.isEmpty)
            #expect(none.json["next_cursor"] is NSNull)
        }
    }

    @Test("lists page through next_cursor, which is null on the last page", arguments: Backend.available)
    func keysetPaging(backend: Backend) async throws {
        try await API.with(backend) { api in
            var made: [String] = []
            for (first, last) in [("Zoé", "Adam"), ("Alice", "Martin"), ("Bernard", "Adam"), ("Éloïse", "Bédard"), ("Chloé", "Zola")] {
                made.append(try await api.create("/api/v1/contacts", ["first_name": first, "last_name": last]).id)
            }
            var pages: [APIResponse] = []
            var cursor: String?
            repeat {
                let query = cursor.map { "&cursor=\($0)" } ?? ""
                let page = try await api.send(.get, "/api/v1/contacts?limit=2\(query)", as: .role(.readonly))
                #expect(page.code == 200, "\(page.text)")
                #expect(page.json.keys.contains("next_cursor"), "next_cursor is always present")
                pages.append(page)
                cursor = page.string("next_cursor")
            } while cursor != nil && pages.count < 10
            #expect(pages.map(\.items.count) == [2, 2, 1])
            #expect(pages.last?.json["next_cursor"] is NSNull)
            let names = pages.flatMap(\.items).map { "\($0["first_name"] as? String ?? "") \($0["last_name"] as? String ?? "")" }
            #expect(names == ["Bernard Adam", "Zoé Adam", "Éloïse Bédard", "Alice Martin", "Chloé Zola"])
            let ids = pages.flatMap(\.items).compactMap { $0["id"] as? String }
            #expect(ids.count == 5)
            #expect(Set(ids) == Set(made))

            let whole = try await api.send(.get, "/api/v1/contacts?limit=5", as: .role(.readonly))
            #expect(whole.items.count == 5)
            #expect(whole.json.keys.contains("next_cursor"))
            #expect(whole.json["next_cursor"] is NSNull)
        }
    }

    @Test("/health answers 200 with status ok and needs no token", arguments: Backend.available)
    func health(backend: Backend) async throws {
        try await API.with(backend) { api in
            let answer = try await api.send(.get, "/health", as: .anonymous)
            #expect(answer.code == 200)
            #expect(answer.contentType == "application/json")
            #expect(answer.string("status") == "ok")
            #expect(answer.string("database") == backend.rawValue)
        }
    }

    @Test("a real HTTP server on a loopback socket serves the API", arguments: Backend.available)
    func liveServer(backend: Backend) async throws {
        try await API.with(backend, .live) { api in
            #expect(api.client.port != nil)
            #expect(api.client.port != 0)
            let health = try await api.send(.get, "/health", as: .anonymous)
            #expect(health.code == 200)
            #expect(health.string("status") == "ok")

            let unauthenticated = try await api.send(.get, "/api/v1/contacts", as: .anonymous)
            expectProblem(unauthenticated, 401)
            #expect(unauthenticated.headers[.wwwAuthenticate] == "Bearer")

            let created = try await api.create("/api/v1/contacts", ["first_name": "Ana", "last_name": "Lima", "email": "ana@example.com"])
            #expect(created.headers[.location] == "/api/v1/contacts/\(created.id)")
            let read = try await api.send(.get, "/api/v1/contacts/\(created.id)", as: .role(.readonly))
            #expect(read.code == 200)
            #expect(read.string("email") == "ana@example.com")

            let invalid = try await api.send(.post, "/api/v1/contacts", as: .role(.member), body: #"{"first_name": 3}"#)
            expectProblem(invalid, 422, fields: ["first_name"])
        }
    }
}
