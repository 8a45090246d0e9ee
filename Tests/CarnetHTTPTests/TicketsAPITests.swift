import CarnetCore
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import CarnetTickets
import Foundation
import Hummingbird
import Testing

@Suite("Tickets over HTTP")
struct TicketsAPITests {
    static let catalog = ModuleCatalog([TicketsModule()])
    static let rfc822: HTTPFields = [.contentType: "message/rfc822"]

    @Test("open a ticket, find it in my queue, answer it, receive the customer's reply by mail, resolve it", arguments: Backend.available)
    func workflow(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["tickets"]) { api in
            let contact = try await api.services.database.write { [contacts = api.services.contacts] conn in
                var patch = ContactPatch()
                patch.firstName = "Éloïse"
                patch.lastName = "Martin"
                patch.email = "eloise@example.fr"
                return try contacts.create(patch, actor: .system, conn)
            }
            let memberID = try #require(api.users[.member]?.id)
            let created = try await api.create("/api/v1/tickets", ["subject": "Charnière cassée", "contact_id": contact.id, "priority": "high",
                                                                   "assignee_id": memberID, "channel": "phone", "category": "warranty"])
            let id = created.id
            #expect(created.string("number") == "T-2026-00001")
            #expect(created.string("status") == "new")
            #expect(created.string("first_response_due_at") != nil)
            let mine = try await api.send(.get, "/api/v1/tickets?assignee=me&status=new&priority=high", as: .role(.member))
            #expect(mine.items.compactMap { $0["id"] as? String } == [id])
            #expect(try await api.send(.get, "/api/v1/tickets?assignee=me", as: .role(.readonly)).items.isEmpty)

            let reply = try await api.send(.post, "/api/v1/tickets/\(id)/messages", as: .role(.member), json: ["kind": "reply", "body": "A new hinge is on its way."])
            #expect(reply.code == 201, "\(reply.text)")
            let sentID = try #require(reply.string("message_id"))
            let opened = try await api.send(.get, "/api/v1/tickets/\(id)", as: .role(.readonly))
            #expect(opened.string("status") == "open")
            #expect(opened.string("first_responded_at") != nil)

            // A minute later: messages are ordered by their time-ordered ids.
            api.clock.advance(by: 60)
            let mail = "From: eloise@example.fr\r\nSubject: Re: whatever\r\nIn-Reply-To: <\(sentID)>\r\nMessage-ID: <c1@example.fr>\r\n\r\nMerci !\r\n"
            let received = try await api.send(.post, "/api/v1/tickets/inbound", as: .role(.member), body: mail, headers: Self.rfc822)
            #expect(received.code == 200, "\(received.text)")
            #expect(received.string("action") == "threaded")
            #expect((received.json["ticket"] as? [String: Any])?["id"] as? String == id)

            let thread = try await api.send(.get, "/api/v1/tickets/\(id)/messages", as: .role(.readonly))
            #expect(thread.items.compactMap { $0["kind"] as? String } == ["reply", "inbound"])

            expectProblem(try await api.send(.patch, "/api/v1/tickets/\(id)", as: .role(.member), json: ["status": "resolved"], headers: [.ifMatch: "1"]), 409)
            let resolved = try await api.send(.patch, "/api/v1/tickets/\(id)", as: .role(.member), json: ["status": "resolved"], headers: [.ifMatch: "2"])
            #expect(resolved.code == 200, "\(resolved.text)")
            #expect(resolved.string("status") == "resolved")
            expectProblem(try await api.send(.patch, "/api/v1/tickets/\(id)", as: .role(.member), json: ["status": "waiting_on_customer"]), 422, fields: ["status"])

            let archived = try await api.send(.delete, "/api/v1/tickets/\(id)", as: .role(.member))
            #expect(archived.string("archived_at") != nil)
            #expect(try await api.send(.get, "/api/v1/tickets", as: .role(.member)).items.isEmpty)
            #expect(try await api.send(.get, "/api/v1/tickets?archived=true", as: .role(.member)).items.count == 1)
        }
    }

    @Test("saved replies: managers write them, members use them, the search answers while typing", arguments: Backend.available)
    func savedReplies(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["tickets"]) { api in
            let body: [String: Any] = ["title": "Étiquette retour", "body": "Bonjour {{contact.first_name}}, voici l'étiquette ({{ticket.number}})."]
            expectProblem(try await api.send(.post, "/api/v1/ticket-replies", as: .role(.member), json: body), 403)
            let saved = try await api.create("/api/v1/ticket-replies", as: .manager, body)
            let found = try await api.send(.get, "/api/v1/ticket-replies?q=eti", as: .role(.readonly))
            #expect(found.items.compactMap { $0["id"] as? String } == [saved.id])
            #expect(try await api.send(.get, "/api/v1/ticket-replies?q=zz", as: .role(.readonly)).items.isEmpty)
            let renamed = try await api.send(.patch, "/api/v1/ticket-replies/\(saved.id)", as: .role(.manager), json: ["title": "Return label"], headers: [.ifMatch: "1"])
            #expect(renamed.code == 200 && renamed.json["version"] as? Int == 2, "\(renamed.text)")
            expectProblem(try await api.send(.patch, "/api/v1/ticket-replies/\(saved.id)", as: .role(.manager), json: ["body": "Hi {{contact.nick}}"]), 422, fields: ["body"])
            let archived = try await api.send(.delete, "/api/v1/ticket-replies/\(saved.id)", as: .role(.admin))
            #expect(archived.string("archived_at") != nil)
            #expect(try await api.send(.get, "/api/v1/ticket-replies", as: .role(.readonly)).items.isEmpty)
        }
    }

    @Test("each bad input is refused naming the field, and nothing is stored", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["tickets"]) { api in
            let contact = try await api.contact(first: "Paul", last: "Roux")
            let post: (Any) async throws -> APIResponse = { json in try await api.send(.post, "/api/v1/tickets", as: .role(.member), json: json) }
            expectProblem(try await post(["contact_id": contact.id]), 422, fields: ["subject"])
            expectProblem(try await post(["subject": "No customer"]), 422, fields: ["contact_id"])
            expectProblem(try await post(["subject": "x", "contact_id": "con_nobody"]), 422, fields: ["contact_id"])
            expectProblem(try await post(["subject": "x", "company_id": "cmp_nobody"]), 422, fields: ["company_id"])
            expectProblem(try await post(["subject": "x", "contact_id": contact.id, "assignee_id": "usr_nobody"]), 422, fields: ["assignee_id"])
            expectProblem(try await post(["subject": "x", "contact_id": contact.id, "priority": "asap"]), 422, fields: ["priority"])
            expectProblem(try await post(["subject": "x", "contact_id": contact.id, "channel": "fax"]), 422, fields: ["channel"])
            expectProblem(try await post(["subject": "x", "contact_id": contact.id, "status": "pending"]), 422, fields: ["status"])
            expectProblem(try await post(["subject": "x", "contact_id": contact.id, "colour": "red"]), 422, fields: ["colour"])
            expectProblem(try await post(["subject": String(repeating: "s", count: 201), "contact_id": contact.id]), 422, fields: ["subject"])
            expectProblem(try await api.send(.post, "/api/v1/tickets", as: .role(.member), body: "{not json"), 400)
            let valid = try await post(["subject": "x", "contact_id": contact.id])
            #expect(valid.code == 201, "\(valid.text)")
            for (query, field) in [("status=pending", "status"), ("priority=asap", "priority"), ("breaching_soon=yes", "breaching_soon"),
                                   ("archived=1", "archived"), ("limit=0", "limit")] {
                expectProblem(try await api.send(.get, "/api/v1/tickets?\(query)"), 422, fields: [field])
            }
            expectProblem(try await api.send(.get, "/api/v1/tickets?cursor=nonsense"), 400)
            let id = valid.id
            let message: (Any) async throws -> APIResponse = { json in try await api.send(.post, "/api/v1/tickets/\(id)/messages", as: .role(.member), json: json) }
            expectProblem(try await message(["kind": "inbound", "body": "x"]), 422, fields: ["kind"])
            expectProblem(try await message(["kind": "note"]), 422, fields: ["body"])
            expectProblem(try await message(["kind": "reply", "body": "No e-mail on file"]), 422, fields: ["contact_id"])
            expectProblem(try await message(["kind": "note", "reply_id": "rpl_nobody"]), 422, fields: ["reply_id"])
            expectProblem(try await api.send(.post, "/api/v1/tickets/tkt_nobody/messages", as: .role(.member), json: ["kind": "note", "body": "x"]), 404)
            expectProblem(try await api.send(.post, "/api/v1/ticket-replies", as: .role(.manager), json: ["title": "T", "body": "{{ticket.number"]), 422, fields: ["body"])
            expectProblem(try await api.send(.post, "/api/v1/ticket-replies", as: .role(.manager), json: ["body": "x"]), 422, fields: ["title"])

            let inbound: (String, HTTPFields) async throws -> APIResponse = { body, headers in
                try await api.send(.post, "/api/v1/tickets/inbound", as: .role(.member), body: body, headers: headers)
            }
            expectProblem(try await inbound("From: a@example.com\r\n\r\nhi", [:]), 400)
            expectProblem(try await inbound("no headers at all", Self.rfc822), 422, fields: ["message"])
            expectProblem(try await inbound("Subject: who?\r\n\r\nhi", Self.rfc822), 422, fields: ["from"])
            expectProblem(try await inbound("From: a@example.com\r\nSubject: big\r\n\r\n" + String(repeating: "x", count: 10 << 20), Self.rfc822), 413)
            expectProblem(try await inbound("From: a@example.com\r\nSubject: big\r\n\r\n" + String(repeating: "x", count: 600_000), Self.rfc822), 413)
            #expect(try await api.count("tickets") == 1)
            #expect(try await api.count("ticket_messages") == 0)
            #expect(try await api.count("ticket_replies") == 0)
            #expect(try await api.count("contacts") == 1)
        }
    }

    @Test("with the module off its routes are 404 naming it, and the tickets come back when it is on again", arguments: Backend.available)
    func disabled(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["tickets"]) { api in
            let contact = try await api.contact(first: "Paul", last: "Roux")
            let created = try await api.create("/api/v1/tickets", ["subject": "Kept", "contact_id": contact.id])
            let off = try await api.send(.post, "/api/v1/modules/tickets/disable", as: .role(.admin))
            #expect(off.code == 200, "\(off.text)")
            expectProblem(try await api.send(.get, "/api/v1/tickets/\(created.id)", as: .role(.member)), 404, typeSuffix: "module-disabled")
            expectProblem(try await api.send(.post, "/api/v1/tickets/inbound", as: .role(.member), body: "From: a@example.com\r\n\r\nx", headers: Self.rfc822),
                          404, typeSuffix: "module-disabled")
            #expect(try await api.count("tickets") == 1)
            let on = try await api.send(.post, "/api/v1/modules/tickets/enable", as: .role(.admin))
            #expect(on.code == 200, "\(on.text)")
            let back = try await api.send(.get, "/api/v1/tickets/\(created.id)", as: .role(.member))
            #expect(back.code == 200 && back.string("number") == "T-2026-00001", "\(back.text)")
        }
    }
}
