import CarnetCore
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Jobs over HTTP")
struct JobAdminTests {
    /// A job that failed on its only attempt. The claim names the kind: the running server's
    /// scheduler may have queued its own jobs (pruning, plugin jobs) before this one.
    static func deadJob(_ api: API) async throws -> Job {
        let jobs = api.services.jobs
        return try await api.services.database.write { conn in
            _ = try jobs.enqueue(kind: "webhook", maxAttempts: 1, conn)
            let claimed = try jobs.claim(limit: 1, worker: "w", leaseSeconds: 60, kinds: ["webhook"], conn)
            return try jobs.fail(claimed[0], error: "HTTP 410 from hooks.example.com", conn)
        }
    }

    @Test("an admin lists the dead jobs and retries one; the retry of a job that is not dead is a 409", arguments: Backend.available)
    func deadLetters(backend: Backend) async throws {
        try await API.with(backend) { api in
            let dead = try await Self.deadJob(api)
            try await api.services.database.write { [jobs = api.services.jobs] conn in _ = try jobs.enqueue(kind: "later", conn) }

            let list = try await api.send(.get, "/api/v1/admin/jobs?status=dead")
            #expect(list.code == 200)
            #expect(list.items.compactMap { $0["id"] as? String } == [dead.id])
            #expect(list.items.first?["last_error"] as? String == "HTTP 410 from hooks.example.com")
            #expect(list.items.first?["status"] as? String == "dead")
            #expect(list.json.keys.contains("next_cursor"))
            // The running server's scheduler has also queued (and maybe run) this quarter hour's prune job.
            #expect(try await api.send(.get, "/api/v1/admin/jobs").items.filter { $0["kind"] as? String != JobPruning.kind }.count == 2)
            expectProblem(try await api.send(.get, "/api/v1/admin/jobs?status=stuck"), 422, fields: ["status"])
            expectProblem(try await api.send(.get, "/api/v1/admin/jobs?status=dead", as: .role(.manager)), 403)

            let retried = try await api.send(.post, "/api/v1/admin/jobs/\(dead.id)/retry")
            #expect(retried.code == 200, "\(retried.text)")
            #expect(retried.string("status") == "queued")
            #expect(retried.json["attempts"] as? Int == 0)
            #expect(try await api.send(.get, "/api/v1/admin/jobs?status=dead").items.isEmpty)
            expectProblem(try await api.send(.post, "/api/v1/admin/jobs/\(dead.id)/retry"), 409)
            expectProblem(try await api.send(.post, "/api/v1/admin/jobs/job_missing/retry"), 404)
        }
    }

    @Test("the server runs the outbox dispatcher and the job worker: a contact created over the API reaches a subscriber", arguments: Backend.available)
    func serverRunsBackgroundWork(backend: Backend) async throws {
        try await TestDatabase.with(backend) { services in
            _ = try await services.database.write { conn in try conn.execute("CREATE TABLE seen (event_type TEXT NOT NULL, entity_id TEXT NOT NULL)") }
            let (_, tokens) = try await API.makeUsers(services)
            var config = API.config
            config.jobs.pollInterval = .milliseconds(20)
            let subscriber = OutboxSubscriber(id: "test", eventTypes: ["contact.*"]) { event, _, conn in
                try conn.execute("INSERT INTO seen (event_type, entity_id) VALUES (?, ?)", [.text(event.type), .text(event.entityID)])
            }
            let app = CarnetApplication.build(services: services, config: config, logger: API.logger, subscribers: [subscriber])
            try await app.test(.router) { client in
                let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["first_name": "Ana", "last_name": "Lima"]))
                let answer = try await client.execute(uri: "/api/v1/contacts", method: .post,
                                                      headers: [.authorization: "Bearer \(tokens[.member]!)", .contentType: "application/json"], body: body)
                #expect(answer.status == .created)
                var seen = 0
                for _ in 0..<500 where seen == 0 {
                    try await Task.sleep(for: .milliseconds(10))
                    seen = try await services.database.read { conn in
                        try conn.queryOne("SELECT COUNT(*) AS n FROM seen WHERE event_type = 'contact.created'", [])?.int("n") ?? 0
                    }
                }
                #expect(seen == 1)
            }
            #expect(try await services.database.read { conn in
                try conn.queryOne("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'event:test' AND status = 'done'", [])?.int("n")
            } == 1)
        }
    }
}
