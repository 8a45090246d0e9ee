import CarnetCore
import CarnetFollowUps
import CarnetTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("Idempotency-Key on POST")
struct IdempotencyTests {
    static let key = HTTPField.Name("Idempotency-Key")!
    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    /// The contacts the API lists.
    static func listedContacts(_ api: API) async throws -> [String] {
        let list = try await api.send(.get, "/api/v1/contacts?limit=200", as: .role(.readonly))
        #expect(list.code == 200)
        return list.items.compactMap { $0["id"] as? String }
    }

    @Test("two identical POSTs with one key create one contact and the second replays the first answer", arguments: Backend.available)
    func replay(backend: Backend) async throws {
        try await API.with(backend) { api in
            let body: [String: Any] = ["first_name": "Ana", "last_name": "Lima", "email": "ana@example.com"]
            let first = try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: body, headers: [Self.key: "create-ana-1"])
            #expect(first.code == 201)
            #expect(first.headers[Self.replayed] == nil)
            api.clock.advance(by: 60)
            let second = try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: body, headers: [Self.key: "create-ana-1"])
            #expect(second.code == 201)
            #expect(second.headers[Self.replayed] == "true")
            #expect(second.bytes == first.bytes)
            #expect(second.contentType == "application/json")
            #expect(try await Self.listedContacts(api) == [first.id])
            #expect(try await api.count("events", where: "type = 'contact.created'") == 1)

            let other = try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: body, headers: [Self.key: "create-ana-2"])
            #expect(other.code == 201)
            #expect(other.id != first.id)
            #expect(try await Self.listedContacts(api).count == 2)
        }
    }

    @Test("the same key on another path is a 422 naming Idempotency-Key", arguments: Backend.available)
    func otherPath(backend: Backend) async throws {
        try await API.with(backend) { api in
            let first = try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: ["first_name": "Ana"], headers: [Self.key: "k-1"])
            #expect(first.code == 201)
            let companies = try await api.count("companies")
            let reused = try await api.send(.post, "/api/v1/companies", as: .role(.member), json: ["name": "Acme"], headers: [Self.key: "k-1"])
            expectProblem(reused, 422, fields: ["Idempotency-Key"], typeSuffix: "validation")
            #expect(reused.headers[Self.replayed] == nil)
            #expect(try await api.count("companies") == companies)
            #expect(try await Self.listedContacts(api).count == 1)
        }
    }

    @Test("eight concurrent POSTs with one key still create exactly one contact", arguments: Backend.available)
    func concurrent(backend: Backend) async throws {
        try await API.with(backend) { api in
            let answers = try await withThrowingTaskGroup(of: APIResponse.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: ["first_name": "Ana", "last_name": "Lima"],
                                           headers: [Self.key: "burst"])
                    }
                }
                var answers: [APIResponse] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            #expect(answers.count == 8)
            #expect(answers.allSatisfy { $0.code == 201 }, "\(answers.map { "\($0.code) \($0.text)" })")
            #expect(Set(answers.map(\.id)).count == 1)
            #expect(answers.filter { $0.headers[Self.replayed] == nil }.count == 1)
            let listed = try await Self.listedContacts(api)
            #expect(listed.count == 1)
            #expect(listed == [answers[0].id])
            #expect(try await api.count("contacts") == 1)
            #expect(try await api.count("idempotency_keys") == 1)
        }
    }

    @Test("a module's POST honours the key too: completing a task twice with one key schedules one next task", arguments: Backend.available)
    func moduleRoute(backend: Backend) async throws {
        try await API.with(backend, catalog: ModuleCatalog([FollowUpsModule()]), enabledModules: ["followups"]) { api in
            let due = Timestamp.format(api.clock.now.addingTimeInterval(3600))
            let created = try await api.send(.post, "/api/v1/tasks", as: .role(.member), json: ["title": "Call Dupont", "due_at": due],
                                             headers: [Self.key: "task-1"])
            #expect(created.code == 201, "\(created.text)")
            let repeated = try await api.send(.post, "/api/v1/tasks", as: .role(.member), json: ["title": "Call Dupont", "due_at": due],
                                              headers: [Self.key: "task-1"])
            #expect(repeated.code == 201)
            #expect(repeated.headers[Self.replayed] == "true")
            #expect(repeated.bytes == created.bytes)
            #expect(try await api.count("tasks") == 1)

            let id = try #require(created.string("id"))
            let completion: [String: Any] = ["outcome": "left a message", "next_at": due]
            let done = try await api.send(.post, "/api/v1/tasks/\(id)/complete", as: .role(.member), json: completion, headers: [Self.key: "done-1"])
            #expect(done.code == 200, "\(done.text)")
            let retried = try await api.send(.post, "/api/v1/tasks/\(id)/complete", as: .role(.member), json: completion, headers: [Self.key: "done-1"])
            #expect(retried.code == 200, "a retry gets the first answer, not a 409: \(retried.text)")
            #expect(retried.bytes == done.bytes)
            #expect(try await api.count("tasks") == 2)
            let reused = try await api.send(.post, "/api/v1/tasks", as: .role(.member), json: ["title": "Other", "due_at": due], headers: [Self.key: "done-1"])
            expectProblem(reused, 422, fields: ["Idempotency-Key"], typeSuffix: "validation")
        }
    }

    @Test("a new API token is never stored for replay: the same key again is a 409 and makes no second token", arguments: Backend.available)
    func secretAnswer(backend: Backend) async throws {
        try await API.with(backend) { api in
            let tokens = try await api.count("api_tokens")
            let first = try await api.send(.post, "/api/v1/tokens", as: .role(.member), json: ["name": "laptop"], headers: [Self.key: "token-1"])
            #expect(first.code == 201, "\(first.text)")
            let secret = try #require(first.string("token"))
            let again = try await api.send(.post, "/api/v1/tokens", as: .role(.member), json: ["name": "laptop"], headers: [Self.key: "token-1"])
            expectProblem(again, 409)
            #expect(!again.text.contains(secret))
            #expect(try await api.count("api_tokens") == tokens + 1)
            let stored = try await api.services.database.read { conn in try conn.query("SELECT body FROM idempotency_keys", []).compactMap { $0.string("body") } }
            #expect(stored.count == 1)
            #expect(stored.allSatisfy { !$0.contains(secret) }, "the token is kept only hashed")
        }
    }
}
