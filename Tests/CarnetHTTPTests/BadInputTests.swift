import CarnetCore
import CarnetHTTP
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

/// Every refusal is a problem+json naming what is wrong, and writes nothing.
@Suite("Bad input gets a clear answer and stores nothing")
struct BadInputTests {
    /// Sends a POST that must be refused, then checks the answer and that `table` did not grow.
    static func expectRefusedPost(
        _ api: API, _ path: String, table: String, as role: Role = .member, json: Any? = nil, body: String? = nil,
        status: Int, fields: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await api.count(table)
        let answer = try await api.send(.post, path, as: .role(role), json: json, body: body)
        expectProblem(answer, status, fields: fields, sourceLocation: sourceLocation)
        #expect(try await api.count(table) == before, "\(table) must not change", sourceLocation: sourceLocation)
    }

    @Test("malformed JSON is a 400", arguments: Backend.available)
    func malformedJSON(backend: Backend) async throws {
        try await API.with(backend) { api in
            try await Self.expectRefusedPost(api, "/api/v1/contacts", table: "contacts", body: #"{"first_name": "Ana""#, status: 400, fields: [])
            let answer = try await api.send(.post, "/api/v1/contacts", as: .role(.member), body: "{first_name: Ana}")
            #expect(answer.problemType.hasSuffix("malformed"))
        }
    }

    @Test("valid JSON that is not an object is a 400 saying so", arguments: Backend.available)
    func notAnObject(backend: Backend) async throws {
        try await API.with(backend) { api in
            for body in ["[]", "3", #""Ana""#, "null"] {
                try await Self.expectRefusedPost(api, "/api/v1/contacts", table: "contacts", body: body, status: 400, fields: [])
                let answer = try await api.send(.post, "/api/v1/contacts", as: .role(.member), body: body)
                #expect(answer.string("detail") == "The body must be a JSON object.", "\(body): \(answer.text)")
            }
        }
    }

    @Test("a fraction or a huge number where a whole number is expected is a 422 naming the field", arguments: Backend.available)
    func notAWholeNumber(backend: Backend) async throws {
        try await API.with(backend) { api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            try await Self.expectRefusedPost(api, "/api/v1/deals", table: "deals", json: ["title": "Renewal", "contact_id": contact.id, "amount": 1500.5],
                                             status: 422, fields: ["amount"])
            try await Self.expectRefusedPost(api, "/api/v1/companies", table: "companies", body: #"{"name": "Acme", "size": 1e30}"#,
                                             status: 422, fields: ["size"])
            let fractionInCustomField = try await api.send(.post, "/api/v1/deals", as: .role(.member),
                                                           json: ["title": "Renewal", "contact_id": contact.id, "custom_fields": ["score": 0.5]])
            #expect(fractionInCustomField.code == 201, "\(fractionInCustomField.text)")
        }
    }

    @Test("a value of the wrong type is a 422 naming the field", arguments: Backend.available)
    func wrongType(backend: Backend) async throws {
        try await API.with(backend) { api in
            try await Self.expectRefusedPost(api, "/api/v1/contacts", table: "contacts", json: ["first_name": 3], status: 422, fields: ["first_name"])
        }
    }

    @Test("an unknown field is a 422 naming it", arguments: Backend.available)
    func unknownField(backend: Backend) async throws {
        try await API.with(backend) { api in
            try await Self.expectRefusedPost(api, "/api/v1/contacts", table: "contacts", json: ["first_name": "Ana", "frist_name": "Ana"],
                                             status: 422, fields: ["frist_name"])
        }
    }

    @Test("an unknown stage is a 422 naming stage", arguments: Backend.available)
    func unknownStage(backend: Backend) async throws {
        try await API.with(backend) { api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            try await Self.expectRefusedPost(api, "/api/v1/deals", table: "deals", json: ["title": "Renewal", "contact_id": contact.id, "stage": "pending"],
                                             status: 422, fields: ["stage"])
        }
    }

    @Test("a deal without a title is a 422 naming title", arguments: Backend.available)
    func missingTitle(backend: Backend) async throws {
        try await API.with(backend) { api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            try await Self.expectRefusedPost(api, "/api/v1/deals", table: "deals", json: ["contact_id": contact.id], status: 422, fields: ["title"])
        }
    }

    @Test("an invalid e-mail address is a 422 naming email", arguments: Backend.available)
    func invalidEmail(backend: Backend) async throws {
        try await API.with(backend) { api in
            try await Self.expectRefusedPost(api, "/api/v1/contacts", table: "contacts", json: ["first_name": "Ana", "email": "ana@example"],
                                             status: 422, fields: ["email"])
        }
    }

    @Test("a negative amount is a 422 naming amount", arguments: Backend.available)
    func negativeAmount(backend: Backend) async throws {
        try await API.with(backend) { api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            try await Self.expectRefusedPost(api, "/api/v1/deals", table: "deals", json: ["title": "Renewal", "contact_id": contact.id, "amount": -100],
                                             status: 422, fields: ["amount"])
        }
    }

    @Test("an unknown currency code is a 422 naming currency", arguments: Backend.available)
    func unknownCurrency(backend: Backend) async throws {
        try await API.with(backend) { api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            try await Self.expectRefusedPost(api, "/api/v1/deals", table: "deals", json: ["title": "Renewal", "contact_id": contact.id, "currency": "XYZ"],
                                             status: 422, fields: ["currency"])
        }
    }

    @Test("a 201-character first name is a 422 naming first_name", arguments: Backend.available)
    func overlongString(backend: Backend) async throws {
        try await API.with(backend) { api in
            try await Self.expectRefusedPost(api, "/api/v1/contacts", table: "contacts", json: ["first_name": String(repeating: "a", count: 201)],
                                             status: 422, fields: ["first_name"])
            let accepted = try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: ["first_name": String(repeating: "a", count: 200)])
            #expect(accepted.code == 201)
        }
    }

    @Test("a 2 MB body is a 413", arguments: Backend.available)
    func bodyTooLarge(backend: Backend) async throws {
        try await API.with(backend) { api in
            let big = #"{"first_name": "Ana", "last_name": ""# + String(repeating: "x", count: 2 << 20) + #""}"#
            try await Self.expectRefusedPost(api, "/api/v1/contacts", table: "contacts", body: big, status: 413, fields: [])
            let answer = try await api.send(.post, "/api/v1/contacts", as: .role(.member), body: big)
            #expect(answer.problemType.hasSuffix("body-too-large"))
        }
    }

    @Test("a PATCH with a stale If-Match version is a 409 and changes nothing", arguments: Backend.available)
    func staleVersion(backend: Backend) async throws {
        try await API.with(backend) { api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            let first = try await api.send(.patch, "/api/v1/contacts/\(contact.id)", as: .role(.member), json: ["title": "CEO"], headers: [.ifMatch: "1"])
            #expect(first.code == 200)
            #expect(first.json["version"] as? Int == 2)
            let before = try await api.send(.get, "/api/v1/contacts/\(contact.id)", as: .role(.readonly))

            let stale = try await api.send(.patch, "/api/v1/contacts/\(contact.id)", as: .role(.member), json: ["title": "CFO"], headers: [.ifMatch: "\"1\""])
            expectProblem(stale, 409, fields: ["version"], typeSuffix: "version-conflict")

            let after = try await api.send(.get, "/api/v1/contacts/\(contact.id)", as: .role(.readonly))
            #expect(after.string("title") == "CEO")
            #expect(after.json["version"] as? Int == 2)
            #expect(after.value != nil)
            #expect(after.value == before.value)
            #expect(try await api.count("audit_log", where: "field = 'title'") == 1)
        }
    }

    @Test("moving a deal into a stage whose rule fails is a 422 listing what is missing", arguments: Backend.available)
    func stageRuleFails(backend: Backend) async throws {
        try await API.with(backend) { api in
            let deal = try await api.deal("Renewal")
            let history = try await api.count("deal_stage_history")
            let answer = try await api.send(.patch, "/api/v1/deals/\(deal.id)", as: .role(.member), json: ["stage": "proposal"])
            expectProblem(answer, 422, fields: ["amount", "expected_close"], typeSuffix: "stage-rule")
            let stored = try await api.send(.get, "/api/v1/deals/\(deal.id)", as: .role(.readonly))
            #expect(stored.string("stage") == "lead")
            #expect(stored.json["version"] as? Int == 1)
            #expect(try await api.count("deal_stage_history") == history)

            let meeting = try await api.send(.patch, "/api/v1/deals/\(deal.id)", as: .role(.member), json: ["stage": "meeting"])
            expectProblem(meeting, 422, fields: ["activities"], typeSuffix: "stage-rule")
        }
    }

    @Test("an unknown id is a 404 on GET, PATCH and DELETE", arguments: Backend.available)
    func unknownID(backend: Backend) async throws {
        try await API.with(backend) { api in
            let cases = [("contacts", IDPrefix.contact, "first_name"), ("companies", IDPrefix.company, "name"), ("deals", IDPrefix.deal, "title")]
            for (collection, prefix, field) in cases {
                let missing = EntityID.make(prefix, at: api.clock.now)
                let path = "/api/v1/\(collection)/\(missing)"
                expectProblem(try await api.send(.get, path, as: .role(.readonly)), 404, typeSuffix: "not-found")
                expectProblem(try await api.send(.patch, path, as: .role(.member), json: [field: "x"]), 404, typeSuffix: "not-found")
                expectProblem(try await api.send(.delete, path, as: .role(.member)), 404, typeSuffix: "not-found")
            }
            expectProblem(try await api.send(.get, "/api/v1/activities/\(EntityID.make(IDPrefix.activity, at: api.clock.now))", as: .role(.readonly)),
                          404, typeSuffix: "not-found")
        }
    }

    @Test("a readonly user writing gets 403 and nothing is stored", arguments: Backend.available)
    func readonlyWrites(backend: Backend) async throws {
        try await API.with(backend) { api in
            try await Self.expectRefusedPost(api, "/api/v1/contacts", table: "contacts", as: .readonly, json: ["first_name": "Ana"], status: 403, fields: [])
            let contact = try await api.contact(first: "Ana", last: "Lima")
            let patch = try await api.send(.patch, "/api/v1/contacts/\(contact.id)", as: .role(.readonly), json: ["first_name": "Bea"])
            expectProblem(patch, 403, typeSuffix: "forbidden")
            let delete = try await api.send(.delete, "/api/v1/contacts/\(contact.id)", as: .role(.readonly))
            expectProblem(delete, 403, typeSuffix: "forbidden")
            let stored = try await api.send(.get, "/api/v1/contacts/\(contact.id)", as: .role(.readonly))
            #expect(stored.string("first_name") == "Ana")
            #expect(stored.json["archived_at"] is NSNull)
            #expect(stored.json["version"] as? Int == 1)
        }
    }

    @Test("no token is a 401 with WWW-Authenticate: Bearer, and so is an invalid token", arguments: Backend.available)
    func unauthenticated(backend: Backend) async throws {
        try await API.with(backend) { api in
            let before = try await api.count("contacts")
            let post = try await api.send(.post, "/api/v1/contacts", as: .anonymous, json: ["first_name": "Ana"])
            expectProblem(post, 401, typeSuffix: "unauthenticated")
            #expect(post.headers[.wwwAuthenticate] == "Bearer")
            let none = try await api.send(.get, "/api/v1/contacts", as: .anonymous)
            expectProblem(none, 401, typeSuffix: "unauthenticated")
            #expect(none.headers[.wwwAuthenticate] == "Bearer")

            for token in [Credentials.newToken(), "not-a-token", String(repeating: "x", count: 300)] {
                let invalid = try await api.send(.post, "/api/v1/contacts", as: .token(token), json: ["first_name": "Ana"])
                expectProblem(invalid, 401, typeSuffix: "unauthenticated")
                #expect(invalid.headers[.wwwAuthenticate] == "Bearer")
            }
            let basic = try await api.send(.get, "/api/v1/contacts", as: .anonymous, headers: [.authorization: "Basic YWRtaW46YWRtaW4="])
            expectProblem(basic, 401)
            #expect(try await api.count("contacts") == before)
        }
    }

    @Test("limit=500 is a 422 naming limit", arguments: Backend.available)
    func limitTooLarge(backend: Backend) async throws {
        try await API.with(backend) { api in
            for path in ["/api/v1/contacts?limit=500", "/api/v1/deals?limit=500", "/api/v1/companies?limit=0", "/api/v1/events?limit=abc"] {
                let answer = try await api.send(.get, path, as: .role(.admin))
                expectProblem(answer, 422, fields: ["limit"], typeSuffix: "validation")
            }
        }
    }

    @Test("a garbage cursor is a 400 naming cursor", arguments: Backend.available)
    func garbageCursor(backend: Backend) async throws {
        try await API.with(backend) { api in
            _ = try await api.contact(first: "Ana", last: "Lima")
            for path in ["/api/v1/contacts?cursor=garbage", "/api/v1/contacts?q=an&cursor=garbage", "/api/v1/deals?cursor=%25%25%25", "/api/v1/events?cursor=Zm9v"] {
                let answer = try await api.send(.get, path, as: .role(.admin))
                expectProblem(answer, 400, fields: ["cursor"], typeSuffix: "malformed")
            }
        }
    }
}
