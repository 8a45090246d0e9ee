import CarnetCapture
import CarnetCore
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@Suite("Lead capture over HTTP")
struct CaptureAPITests {
    static let catalog = ModuleCatalog([CaptureModule()])
    static let formPost: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    static var form: [String: Any] {
        [
        "slug": "expo", "title": "Expo <2026>", "create_deal": true, "tags": ["expo"], "consent_text": "Send me news",
        "thank_you_text": "Thanks, we'll call you.",
        "fields": [
            ["name": "name", "label": "Name", "required": true, "max_length": 40, "maps_to": "last_name"],
            ["name": "email", "label": "E-mail", "kind": "email", "required": true, "maps_to": "email"],
            ["name": "message", "label": "Message", "kind": "textarea"],
        ],
        ]
    }

    /// The configuration of these tests: the client address from `X-Forwarded-For`, 3 submissions a minute.
    static var config: CarnetConfig {
        var config = API.config
        config.capture.trustForwardedFor = true
        config.capture.ratePerMinute = 3
        config.capture.bodyLimitBytes = 4_096
        return config
    }

    static func from(_ address: String) -> HTTPFields {
        var headers = formPost
        headers[HTTPField.Name("X-Forwarded-For")!] = address
        return headers
    }

    @Test("forms: create, read, list, change with a version, refuse a taken slug, archive", arguments: Backend.available)
    func forms(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture"], config: Self.config) { api in
            let created = try await api.create("/api/v1/capture/forms", as: .manager, Self.form)
            let id = created.id
            #expect(created.string("slug") == "expo")
            #expect((created.json["fields"] as? [[String: Any]])?.count == 3)
            #expect(try await api.send(.get, "/api/v1/capture/forms", as: .role(.readonly)).items.compactMap { $0["id"] as? String } == [id])
            expectProblem(try await api.send(.post, "/api/v1/capture/forms", as: .role(.member), json: Self.form), 403)
            expectProblem(try await api.send(.post, "/api/v1/capture/forms", as: .role(.manager), json: Self.form), 409, fields: ["slug"])
            var bad = Self.form
            bad["slug"] = "other"
            bad["redirect_url"] = "javascript:alert(1)"
            bad["fields"] = [["name": "email", "label": "E-mail", "maps_to": "emial"]]
            expectProblem(try await api.send(.post, "/api/v1/capture/forms", as: .role(.manager), json: bad), 422,
                          fields: ["redirect_url", "fields[0].maps_to", "fields"])
            expectProblem(try await api.send(.patch, "/api/v1/capture/forms/\(id)", as: .role(.manager), json: ["title": "Salon"], headers: [.ifMatch: "7"]), 409)
            let changed = try await api.send(.patch, "/api/v1/capture/forms/\(id)", as: .role(.manager), json: ["title": "Salon"], headers: [.ifMatch: "1"])
            #expect(changed.code == 200, "\(changed.text)")
            #expect(changed.json["version"] as? Int == 2)
            let snippet = try await api.send(.get, "/api/v1/capture/forms/\(id)/snippet", as: .role(.readonly))
            #expect(snippet.code == 200)
            #expect(snippet.text.contains("<form class=\"carnet-capture\" method=\"post\" action=\"http://127.0.0.1:8080/f/expo\""))
            #expect(snippet.text.contains("name=\"website_url\""))
            let archived = try await api.send(.delete, "/api/v1/capture/forms/\(id)", as: .role(.manager))
            #expect(archived.string("archived_at") != nil)
            expectProblem(try await api.send(.get, "/f/expo", as: .anonymous), 404)
        }
    }

    @Test("a browser's post: 303 to the redirect, or the thank-you page with the answers escaped", arguments: Backend.available)
    func browserPost(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture"], config: Self.config) { api in
            let id = try await api.create("/api/v1/capture/forms", as: .manager, Self.form).id
            let page = try await api.send(.get, "/f/expo", as: .anonymous, headers: [.acceptLanguage: "fr-FR,fr;q=0.9"])
            #expect(page.code == 200)
            #expect(page.contentType == "text/html; charset=utf-8")
            #expect(page.text.contains("<title>Expo &lt;2026&gt;</title>"))
            #expect(page.text.contains(">Envoyer</button>"))

            let body = "name=%3Cscript%3Ealert(1)%3C%2Fscript%3E&email=ana%40example.com&message=Hello+there&consent=on"
            let thanks = try await api.send(.post, "/f/expo?utm_source=fair&utm_campaign=spring", as: .anonymous, body: body,
                                            headers: Self.from("203.0.113.1").merging([.referer: "https://example.com/landing"]))
            #expect(thanks.code == 200, "\(thanks.text)")
            #expect(thanks.text.contains("Thanks, we&#39;ll call you."))
            #expect(thanks.text.contains("<dd>&lt;script&gt;alert(1)&lt;/script&gt;</dd>"))
            #expect(!thanks.text.contains("<script>"))
            let found = try await api.services.database.read { [contacts = api.services.contacts] conn in
                try contacts.findByEmail("ana@example.com", conn)
            }
            let contact = try #require(found)
            #expect(contact.lastName == "<script>alert(1)</script>")
            #expect(contact.emailOptIn)
            #expect(contact.source == "form:expo")
            #expect(try await api.count("capture_submissions", where: "utm_source = 'fair' AND utm_campaign = 'spring' AND referrer = 'https://example.com/landing' AND channel = 'web'") == 1)
            #expect(try await api.count("deals", where: "contact_id = '\(contact.id)' AND stage = 'lead'") == 1)

            _ = try await api.send(.patch, "/api/v1/capture/forms/\(id)", as: .role(.manager), json: ["redirect_url": "https://example.com/merci"])
            let redirected = try await api.send(.post, "/f/expo", as: .anonymous, body: "name=Roy&email=roy%40example.com", headers: Self.from("203.0.113.2"))
            #expect(redirected.code == 303)
            #expect(redirected.headers[.location] == "https://example.com/merci")
            #expect(try await api.count("contacts") == 2)
        }
    }

    @Test("a program's JSON post gets 201 with the contact; the same e-mail again matches it", arguments: Backend.available)
    func jsonPost(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture"], config: Self.config) { api in
            _ = try await api.create("/api/v1/capture/forms", as: .manager, Self.form)
            let headers = Self.from("198.51.100.7").merging([.contentType: "application/json"])
            let first = try await api.send(.post, "/f/expo", as: .anonymous, json: ["name": "Lima", "email": "ana@example.com", "utm_medium": "email"], headers: headers)
            #expect(first.code == 201, "\(first.text)")
            let contactID = try #require(first.string("contact_id"))
            #expect(first.string("message") == "Thanks, we'll call you.")
            let again = try await api.send(.post, "/f/expo", as: .anonymous, json: ["name": "Other", "email": "ANA@example.com"], headers: headers)
            #expect(again.string("contact_id") == contactID)
            #expect(try await api.count("contacts") == 1)
            #expect(try await api.count("activities", where: "contact_id = '\(contactID)' AND kind = 'note'") == 1)
            #expect(try await api.count("events", where: "type = 'lead.captured' AND entity_id = '\(contactID)'") == 2)
        }
    }

    @Test("bad input: missing field, oversized value, oversized body, wrong media type; a filled honeypot stores nothing", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture"], config: Self.config) { api in
            _ = try await api.create("/api/v1/capture/forms", as: .manager, Self.form)
            expectProblem(try await api.send(.post, "/f/expo", as: .anonymous, body: "email=ana%40example.com", headers: Self.from("192.0.2.1")), 422, fields: ["name"])
            let long = String(repeating: "x", count: 41)
            expectProblem(try await api.send(.post, "/f/expo", as: .anonymous, body: "name=\(long)&email=ana%40example.com", headers: Self.from("192.0.2.2")),
                          422, fields: ["name"])
            let huge = "name=Lima&email=ana%40example.com&message=" + String(repeating: "y", count: 5_000)
            expectProblem(try await api.send(.post, "/f/expo", as: .anonymous, body: huge, headers: Self.from("192.0.2.3")), 413)
            expectProblem(try await api.send(.post, "/f/expo", as: .anonymous, body: "name=Lima", headers: [.contentType: "text/plain"]), 415)

            let bot = try await api.send(.post, "/f/expo", as: .anonymous, body: "name=Bot&email=bot%40example.com&website_url=http%3A%2F%2Fspam",
                                         headers: Self.from("192.0.2.4"))
            #expect(bot.code == 200)
            #expect(bot.text.contains("Thanks, we&#39;ll call you."))
            let botJSON = try await api.send(.post, "/f/expo", as: .anonymous, json: ["name": "Bot", "email": "bot@example.com", "website_url": "x"],
                                             headers: Self.from("192.0.2.4").merging([.contentType: "application/json"]))
            #expect(botJSON.code == 201)
            #expect(botJSON.string("contact_id") != nil)
            #expect(try await api.count("contacts") == 0)
            #expect(try await api.count("capture_submissions") == 0)
            #expect(try await api.count("events", where: "type = 'lead.captured'") == 0)
        }
    }

    @Test("a flood from one address gets 429 with Retry-After until the bucket refills; other addresses go on", arguments: Backend.available)
    func rateLimit(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture"], config: Self.config) { api in
            _ = try await api.create("/api/v1/capture/forms", as: .manager, Self.form)
            for index in 0..<3 {
                let answer = try await api.send(.post, "/f/expo", as: .anonymous, body: "name=L\(index)&email=l\(index)%40example.com", headers: Self.from("203.0.113.9"))
                #expect(answer.code == 200, "\(answer.text)")
            }
            let refused = try await api.send(.post, "/f/expo", as: .anonymous, body: "name=L3&email=l3%40example.com", headers: Self.from("203.0.113.9"))
            expectProblem(refused, 429)
            #expect(refused.headers[.retryAfter] == "20")
            #expect(try await api.send(.post, "/f/expo", as: .anonymous, body: "name=M&email=m%40example.com", headers: Self.from("203.0.113.10")).code == 200)
            api.clock.advance(by: 19)
            expectProblem(try await api.send(.post, "/f/expo", as: .anonymous, body: "name=L3&email=l3%40example.com", headers: Self.from("203.0.113.9")), 429)
            api.clock.advance(by: 1)
            #expect(try await api.send(.post, "/f/expo", as: .anonymous, body: "name=L3&email=l3%40example.com", headers: Self.from("203.0.113.9")).code == 200)
            #expect(try await api.count("contacts") == 5)
        }
    }

    @Test("bulk capture over HTTP: CSV all-or-nothing, then skip_invalid", arguments: Backend.available)
    func bulk(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture"], config: Self.config) { api in
            let id = try await api.create("/api/v1/capture/forms", as: .manager, Self.form).id
            let csv = "name,email\nLima,ana@example.com\nRoy,\nDupont,dupont@example.com\n"
            let csvType: HTTPFields = [.contentType: "text/csv"]
            expectProblem(try await api.send(.post, "/api/v1/capture/forms/\(id)/bulk", as: .role(.member), body: csv, headers: csvType), 422, fields: ["items[1].email"])
            #expect(try await api.count("contacts") == 0)
            let stored = try await api.send(.post, "/api/v1/capture/forms/\(id)/bulk?skip_invalid=true", as: .role(.member), body: csv, headers: csvType)
            #expect(stored.code == 200, "\(stored.text)")
            #expect(stored.json["created"] as? Int == 2)
            #expect(stored.json["skipped"] as? Int == 1)
            #expect(try await api.count("contacts") == 2)
            let json = try await api.send(.post, "/api/v1/capture/forms/\(id)/bulk", as: .role(.member),
                                          json: ["items": [["name": "Lima", "email": "ana@example.com"], ["name": "Neo", "email": "neo@example.com"]]])
            #expect(json.code == 200, "\(json.text)")
            #expect((json.json["rows"] as? [[String: Any]])?.compactMap { $0["status"] as? String } == ["updated", "created"])
            expectProblem(try await api.send(.post, "/api/v1/capture/forms/\(id)/bulk?skip_invalid=maybe", as: .role(.member), json: ["items": []]), 422, fields: ["skip_invalid"])
            expectProblem(try await api.send(.post, "/api/v1/capture/forms/\(id)/bulk", as: .role(.readonly), json: ["items": []]), 403)
        }
    }

    @Test("assignment rules over HTTP, in order, managers only", arguments: Backend.available)
    func rules(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture"], config: Self.config) { api in
            let memberID = try #require(api.users[.member]?.id)
            let managerID = try #require(api.users[.manager]?.id)
            let second = try await api.create("/api/v1/capture/rules", as: .manager, ["kind": "round_robin", "name": "Everyone", "position": 20])
            let first = try await api.create("/api/v1/capture/rules", as: .admin, ["kind": "territory", "name": "Lyon", "position": 10,
                                                                                  "postcode_prefixes": ["69"], "owner_id": managerID])
            let list = try await api.send(.get, "/api/v1/capture/rules?limit=1", as: .role(.readonly))
            #expect(list.items.compactMap { $0["id"] as? String } == [first.id])
            let next = try await api.send(.get, "/api/v1/capture/rules?limit=1&cursor=\(try #require(list.string("next_cursor")))", as: .role(.readonly))
            #expect(next.items.compactMap { $0["id"] as? String } == [second.id])
            expectProblem(try await api.send(.post, "/api/v1/capture/rules", as: .role(.member), json: ["kind": "industry", "name": "X"]), 403)
            expectProblem(try await api.send(.post, "/api/v1/capture/rules", as: .role(.manager), json: ["kind": "industry", "name": "X", "owner_id": managerID]),
                          422, fields: ["industries"])
            expectProblem(try await api.send(.post, "/api/v1/capture/rules", as: .role(.manager),
                                             json: ["kind": "industry", "name": "X", "industries": ["Retail"], "owner_id": "usr_none"]), 422, fields: ["owner_id"])
            expectProblem(try await api.send(.post, "/api/v1/capture/rules", as: .role(.manager), json: ["kind": "sideways", "name": "X"]), 422, fields: ["kind"])
            let changed = try await api.send(.patch, "/api/v1/capture/rules/\(second.id)", as: .role(.manager), json: ["user_ids": [memberID]], headers: [.ifMatch: "1"])
            #expect(changed.code == 200, "\(changed.text)")

            _ = try await api.create("/api/v1/capture/forms", as: .manager, Self.form)
            let lead = try await api.send(.post, "/f/expo", as: .anonymous, json: ["name": "Lima", "email": "ana@example.com"],
                                          headers: Self.from("192.0.2.50").merging([.contentType: "application/json"]))
            let contact = try await api.send(.get, "/api/v1/contacts/\(try #require(lead.string("contact_id")))", as: .role(.admin))
            #expect(contact.string("owner_id") == memberID)
        }
    }

    @Test("with the module off every capture route is a 404 naming it, and the forms and leads are kept", arguments: Backend.available)
    func moduleOff(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["capture"], config: Self.config) { api in
            let id = try await api.create("/api/v1/capture/forms", as: .manager, Self.form).id
            _ = try await api.send(.post, "/f/expo", as: .anonymous, body: "name=Lima&email=ana%40example.com", headers: Self.from("192.0.2.60"))
            #expect(try await api.send(.post, "/api/v1/modules/capture/disable", as: .role(.admin)).code == 200)
            for (method, path) in [(HTTPRequest.Method.get, "/f/expo"), (.post, "/f/expo"), (.get, "/api/v1/capture/forms"), (.get, "/api/v1/capture/forms/\(id)")] {
                let answer = try await api.send(method, path, as: .role(.admin), body: "name=Roy&email=roy%40example.com", headers: Self.from("192.0.2.61"))
                expectProblem(answer, 404, typeSuffix: "module-disabled")
                #expect(answer.text.contains("capture"))
            }
            #expect(try await api.count("capture_forms") == 1)
            #expect(try await api.count("capture_submissions") == 1)
            #expect(try await api.send(.post, "/api/v1/modules/capture/enable", as: .role(.admin)).code == 200)
            #expect(try await api.send(.get, "/f/expo", as: .anonymous).code == 200)
        }
    }
}

extension HTTPFields {
    /// These fields with `other`'s added, `other` winning.
    func merging(_ other: HTTPFields) -> HTTPFields {
        var fields = self
        for field in other { fields[field.name] = field.value }
        return fields
    }
}
