import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("Follow-ups over HTTP")
struct FollowUpsAPITests {
    static let catalog = ModuleCatalog([FollowUpsModule()])

    @Test("parse a phrase, create the task, find it due today, complete it with a next one, see Today", arguments: Backend.available)
    func workflow(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["followups"]) { api in
            let parsed = try await api.send(.post, "/api/v1/tasks/parse?lang=fr", as: .role(.member), json: ["text": "relancer Dupont demain 9h"])
            #expect(parsed.code == 200, "\(parsed.text)")
            #expect(parsed.string("title") == "relancer Dupont")
            let due = try #require(parsed.string("due_at"))
            let created = try await api.create("/api/v1/tasks", ["title": "Call Dupont", "due_at": Timestamp.format(api.clock.now.addingTimeInterval(3600))])
            let id = try #require(created.string("id"))
            #expect(created.string("assignee_id") == api.users[.member]?.id)
            let today = try await api.send(.get, "/api/v1/tasks?due=today&assignee=me", as: .role(.member))
            #expect((today.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            let done = try await api.send(.post, "/api/v1/tasks/\(id)/complete", as: .role(.member), json: ["outcome": "left a message", "next_at": due])
            #expect(done.code == 200, "\(done.text)")
            let next = try #require(done.json["next"] as? [String: Any])
            #expect(next["due_at"] as? String == due)
            let again = try await api.send(.post, "/api/v1/tasks/\(id)/complete", as: .role(.member), json: [:])
            expectProblem(again, 409)
            let nextID = try #require(next["id"] as? String)
            let stale = try await api.send(.patch, "/api/v1/tasks/\(nextID)", as: .role(.member), json: ["title": "Call again"], headers: [.ifMatch: "7"])
            expectProblem(stale, 409)
            let renamed = try await api.send(.patch, "/api/v1/tasks/\(nextID)", as: .role(.member), json: ["title": "Call again"], headers: [.ifMatch: "1"])
            #expect(renamed.code == 200, "\(renamed.text)")
            #expect(renamed.json["version"] as? Int == 2)
            api.clock.advance(by: 3 * 86_400)
            let agenda = try await api.send(.get, "/api/v1/today", as: .role(.member))
            #expect(agenda.code == 200, "\(agenda.text)")
            let items = try #require(agenda.json["items"] as? [[String: Any]])
            #expect(items.first?["kind"] as? String == "overdue_task")
            #expect((agenda.json["counts"] as? [String: Any])?["overdue_task"] as? Int == 1)
        }
    }

    @Test("bad input is refused naming the field, and nothing is stored", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["followups"]) { api in
            expectProblem(try await api.send(.post, "/api/v1/tasks/parse", as: .role(.member), json: ["text": "someday maybe"]), 422, fields: ["text"])
            expectProblem(try await api.send(.post, "/api/v1/tasks", as: .role(.member), json: ["title": "No date"]), 422, fields: ["due_at"])
            expectProblem(try await api.send(.post, "/api/v1/tasks", as: .role(.member), json: ["title": "x", "due_at": "2026-01-01T10:00:00Z", "assignee_id": "usr_nobody"]), 422, fields: ["assignee_id"])
            expectProblem(try await api.send(.post, "/api/v1/tasks", as: .role(.member), json: ["title": "x", "due_at": "soon"]), 422, fields: ["due_at"])
            expectProblem(try await api.send(.post, "/api/v1/tasks", as: .role(.member), body: "{not json"), 400)
            expectProblem(try await api.send(.get, "/api/v1/tasks?due=yesterday", as: .role(.member)), 422, fields: ["due"])
            expectProblem(try await api.send(.post, "/api/v1/tasks", as: .role(.readonly), json: ["title": "x", "due_at": "2026-01-01T10:00:00Z"]), 403)
            #expect(try await api.count("tasks") == 0)
        }
    }

    @Test("with the module off its routes are 404 naming it, and deals need no next action", arguments: Backend.available)
    func disabled(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog) { api in
            expectProblem(try await api.send(.get, "/api/v1/today", as: .role(.member)), 404, typeSuffix: "module-disabled")
            let contact = try await api.contact(first: "Ana", last: "Lima")
            _ = try await api.create("/api/v1/deals", ["title": "No next action", "contact_id": contact.id])
        }
    }

    @Test("with the module on, creating a deal without a dated next action is a 422 naming both fields", arguments: Backend.available)
    func nextActionRequired(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["followups"]) { api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            expectProblem(try await api.send(.post, "/api/v1/deals", as: .role(.member), json: ["title": "Website", "contact_id": contact.id]),
                          422, fields: ["next_action", "next_action_at"])
            #expect(try await api.count("deals") == 0)
        }
    }
}
