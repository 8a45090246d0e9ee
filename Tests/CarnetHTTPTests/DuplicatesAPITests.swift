import CarnetCore
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("Duplicates and merges over HTTP")
struct DuplicatesAPITests {
    /// Two Jean Duponts sharing an e-mail, a stranger, and two companies on one domain.
    func fixture(_ api: API) async throws -> (survivor: String, merged: String, stranger: String, acme: String, acme2: String) {
        let survivor = try await api.create("/api/v1/contacts", ["first_name": "Jean", "last_name": "Dupont", "email": "jean@acme.fr"]).id
        let merged = try await api.create("/api/v1/contacts", ["first_name": "Jean", "last_name": "Dupond", "email": "JEAN@acme.fr", "title": "CEO"]).id
        let stranger = try await api.create("/api/v1/contacts", ["first_name": "Paul", "last_name": "Durand"]).id
        let acme = try await api.create("/api/v1/companies", ["name": "Acme", "website": "https://acme.fr"]).id
        let acme2 = try await api.create("/api/v1/companies", ["name": "Acme SAS", "website": "www.acme.fr"]).id
        return (survivor, merged, stranger, acme, acme2)
    }

    @Test("the lists show each pair with both records, score and reasons; a dismissed pair disappears", arguments: Backend.available)
    func lists(backend: Backend) async throws {
        try await API.with(backend) { api in
            let f = try await fixture(api)
            let contacts = try await api.send(.get, "/api/v1/duplicates/contacts?threshold=0.8", as: .role(.readonly))
            #expect(contacts.code == 200, "\(contacts.text)")
            let pair = try #require(contacts.items.first)
            #expect(contacts.items.count == 1)
            #expect(Set([(pair["first"] as? [String: Any])?["id"] as? String, (pair["second"] as? [String: Any])?["id"] as? String]) == Set([f.survivor, f.merged]))
            // 1 − 0.1 × (1 − 0.6 × 0.964)
            #expect(pair["score"] as? Double == 0.958)
            #expect((pair["reasons"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["same_email", "similar_name"])
            let companies = try await api.send(.get, "/api/v1/duplicates/companies", as: .role(.member))
            // Same name once "SAS" is left out (0.8) and same domain (0.8): 1 − 0.2 × 0.2.
            #expect(companies.items.first?["score"] as? Double == 0.96)
            expectProblem(try await api.send(.post, "/api/v1/duplicates/dismiss", as: .role(.member), json: ["first_id": f.acme, "second_id": f.acme2]), 403)
            let dismissed = try await api.send(.post, "/api/v1/duplicates/dismiss", as: .role(.manager), json: ["first_id": f.acme2, "second_id": f.acme])
            #expect(dismissed.code == 200, "\(dismissed.text)")
            #expect(dismissed.string("first_id") == min(f.acme, f.acme2))
            #expect(try await api.send(.get, "/api/v1/duplicates/companies", as: .role(.member)).items.isEmpty)
            expectProblem(try await api.send(.post, "/api/v1/duplicates/dismiss", as: .role(.manager), json: ["first_id": f.acme, "second_id": f.survivor]), 422, fields: ["second_id"])
        }
    }

    @Test("a threshold outside 0–1 or not a number is a 422 naming it", arguments: Backend.available)
    func badThreshold(backend: Backend) async throws {
        try await API.with(backend) { api in
            for value in ["-0.1", "1.5", "abc", ""] {
                expectProblem(try await api.send(.get, "/api/v1/duplicates/contacts?threshold=\(value)", as: .role(.member)), 422, fields: ["threshold"])
            }
            expectProblem(try await api.send(.get, "/api/v1/duplicates/companies?cursor=nonsense", as: .role(.member)), 400, fields: ["cursor"])
        }
    }

    @Test("merge then undo over HTTP: the merge is listed, the records come back as they were", arguments: Backend.available)
    func mergeAndUndo(backend: Backend) async throws {
        try await API.with(backend) { api in
            let f = try await fixture(api)
            let before = try await api.send(.get, "/api/v1/contacts/\(f.survivor)").value
            expectProblem(try await api.send(.post, "/api/v1/contacts/merge", as: .role(.member), json: ["survivor_id": f.survivor, "merged_id": f.merged]), 403)
            let merge = try await api.send(.post, "/api/v1/contacts/merge", as: .role(.manager),
                                           json: ["survivor_id": f.survivor, "merged_id": f.merged, "fields": ["title": "merged"], "survivor_version": 1])
            #expect(merge.code == 201, "\(merge.text)")
            #expect(merge.headers[.location] == "/api/v1/merges/\(merge.id)")
            #expect((merge.json["merged_before"] as? [String: Any])?["title"] as? String == "CEO")
            #expect(try await api.send(.get, "/api/v1/contacts/\(f.survivor)").string("title") == "CEO")
            #expect(try await api.send(.get, "/api/v1/contacts/\(f.merged)").json["archived_at"] is String)
            #expect(try await api.send(.get, "/api/v1/duplicates/contacts", as: .role(.member)).items.isEmpty)
            let listed = try await api.send(.get, "/api/v1/merges", as: .role(.manager))
            #expect(listed.items.compactMap { $0["id"] as? String } == [merge.id])
            expectProblem(try await api.send(.get, "/api/v1/merges", as: .role(.member)), 403)
            let undone = try await api.send(.post, "/api/v1/merges/\(merge.id)/undo", as: .role(.manager))
            #expect(undone.code == 200, "\(undone.text)")
            #expect(undone.json["undone_at"] is String)
            #expect(try await api.send(.get, "/api/v1/contacts/\(f.survivor)").value == before)
            #expect(try await api.send(.get, "/api/v1/contacts/\(f.merged)").json["archived_at"] is NSNull)
            #expect(try await api.send(.get, "/api/v1/duplicates/contacts", as: .role(.member)).items.count == 1)
            expectProblem(try await api.send(.post, "/api/v1/merges/\(merge.id)/undo", as: .role(.manager)), 409)
        }
    }

    @Test("bad merges: into itself, into or from an archived record, across kinds (422), unknown ids (404), stale versions (409)", arguments: Backend.available)
    func badMerges(backend: Backend) async throws {
        try await API.with(backend) { api in
            let f = try await fixture(api)
            let merge = { (body: [String: Any]) in try await api.send(.post, "/api/v1/contacts/merge", as: .role(.manager), json: body) }
            expectProblem(try await merge(["survivor_id": f.survivor, "merged_id": f.survivor]), 422, fields: ["merged_id"])
            expectProblem(try await merge(["survivor_id": f.survivor, "merged_id": f.acme]), 422, fields: ["merged_id"])
            expectProblem(try await api.send(.post, "/api/v1/companies/merge", as: .role(.manager), json: ["survivor_id": f.survivor, "merged_id": f.acme]), 422, fields: ["survivor_id"])
            let unknown = EntityID.make(IDPrefix.contact, at: api.clock.now)
            let missing = try await merge(["survivor_id": f.survivor, "merged_id": unknown])
            expectProblem(missing, 404)
            #expect(missing.string("detail")?.contains(unknown) == true)
            expectProblem(try await merge(["survivor_id": f.survivor, "merged_id": f.merged, "merged_version": 4]), 409)
            expectProblem(try await merge(["survivor_id": f.survivor, "merged_id": f.merged, "fields": ["colour": "merged"]]), 422, fields: ["fields.colour"])
            expectProblem(try await merge(["survivor_id": f.survivor, "merged_id": f.merged, "fields": ["email": "both"]]), 422)
            _ = try await api.send(.delete, "/api/v1/contacts/\(f.stranger)")
            expectProblem(try await merge(["survivor_id": f.stranger, "merged_id": f.merged]), 422, fields: ["survivor_id"])
            expectProblem(try await merge(["survivor_id": f.survivor, "merged_id": f.stranger]), 422, fields: ["merged_id"])
            // Nothing was half-written.
            #expect(try await api.count("merges") == 0)
            #expect(try await api.send(.get, "/api/v1/contacts/\(f.survivor)").json["version"] as? Int == 1)
        }
    }

    @Test("an undo is refused once a record changed (409 naming it) and after the period (422)", arguments: Backend.available)
    func refusedUndo(backend: Backend) async throws {
        try await API.with(backend) { api in
            let f = try await fixture(api)
            let first = try await api.send(.post, "/api/v1/contacts/merge", as: .role(.manager), json: ["survivor_id": f.survivor, "merged_id": f.merged])
            _ = try await api.send(.patch, "/api/v1/contacts/\(f.survivor)", json: ["title": "Boss"])
            let changed = try await api.send(.post, "/api/v1/merges/\(first.id)/undo", as: .role(.manager))
            expectProblem(changed, 409)
            #expect(changed.string("detail")?.contains(f.survivor) == true)
            let acme = try await api.send(.post, "/api/v1/companies/merge", as: .role(.admin), json: ["survivor_id": f.acme, "merged_id": f.acme2])
            #expect(acme.code == 201, "\(acme.text)")
            api.clock.advance(by: 31 * 86_400)
            expectProblem(try await api.send(.post, "/api/v1/merges/\(acme.id)/undo", as: .role(.manager)), 422)
            expectProblem(try await api.send(.post, "/api/v1/merges/mrg_nothing/undo", as: .role(.manager)), 404)
        }
    }

    @Test("POST /api/v1/duplicates/scan queues the rebuild job; admins only", arguments: Backend.available)
    func scan(backend: Backend) async throws {
        try await API.with(backend) { api in
            expectProblem(try await api.send(.post, "/api/v1/duplicates/scan", as: .role(.manager)), 403)
            let queued = try await api.send(.post, "/api/v1/duplicates/scan", as: .role(.admin))
            #expect(queued.code == 202, "\(queued.text)")
            #expect(queued.string("kind") == "duplicates.scan")
        }
    }
}
