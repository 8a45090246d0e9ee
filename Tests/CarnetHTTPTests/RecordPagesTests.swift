import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The record pages over HTTP: editing contacts and companies, the contact list's filters
/// and bulk changes, and the contact card's tasks.
@Suite("Record pages")
struct RecordPagesTests {
    /// Markup typed into a text field; at most 20 characters, so that it fits a postcode.
    static let markup = "<script>x()</script>"

    @Test("a contact edited from its card is stored with its audit rows and its event, like the API's PATCH", arguments: Backend.available)
    func editContact(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let company = try await api.create("/api/v1/companies", ["name": "Acme Outillage"]).id
            let contact = try await api.contact(first: "Ana", last: "Lima")
            let manager = try #require(api.users[.manager])
            try await browser.signIn("member@example.com")
            let form = try await browser.send(.get, "/contacts/\(contact.id)/edit")
            #expect(form.status == .ok)
            #expect(String(buffer: form.body).contains(#"name="version" value="1""#))
            let fields = [
                "first_name": "Ana", "last_name": "Lima", "email": "ana@acme.fr", "emails": "ana.lima@gmail.com, a.l@acme.fr",
                "phones": "+33 1 23 45 67 89, +33 6 12", "title": "Buyer", "company": "ACME outillage", "street": "3 rue Neuve",
                "postcode": "69001", "city": "Lyon", "region": "Auvergne-Rhône-Alpes", "country": "fr", "source": "Fair",
                "tags": "vip, north", "owner_id": manager.id, "email_opt_in": "1", "version": "1",
            ]
            #expect(try await browser.send(.post, "/contacts/\(contact.id)/edit", form: fields).status == .forbidden, "no CSRF token")
            let saved = try await browser.send(.post, "/contacts/\(contact.id)/edit", form: fields.merging(["_csrf": browser.csrf]) { _, new in new })
            #expect(saved.status == .seeOther && saved.headers[.location] == "/contacts/\(contact.id)", "\(String(buffer: saved.body))")
            let stored = try await api.services.database.read { conn in try api.services.contacts.get(contact.id, conn) }
            #expect(stored.title == "Buyer" && stored.companyID == company && stored.ownerID == manager.id && stored.version == 2)
            #expect(stored.emails == ["ana.lima@gmail.com", "a.l@acme.fr"] && stored.phones == ["+33 1 23 45 67 89", "+33 6 12"])
            #expect(stored.tags == ["vip", "north"] && stored.country == "FR" && stored.emailOptIn && !stored.doNotEmail)
            #expect(try await api.count("audit_log", where: "entity_id = '\(contact.id)' AND field = 'title' AND new_value LIKE '%Buyer%'") == 1)
            #expect(try await api.count("events", where: "entity_id = '\(contact.id)' AND type = 'contact.updated'") == 1)
            #expect(try await api.count("contact_tags", where: "contact_id = '\(contact.id)'") == 2)

            let card = String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body)
            #expect(card.contains("Manager User") && card.contains("Auvergne-Rhône-Alpes") && card.contains("Fair"))
            #expect(card.contains(#"<span class="badge">vip</span>"#) && card.contains("Agreed to receive them"))
            #expect(card.contains("/companies/\(company)"))

            let reader = WebPagesTests.Browser(api.client)
            try await reader.signIn("readonly@example.com")
            #expect(!String(buffer: try await reader.send(.get, "/contacts/\(contact.id)").body).contains("/edit\""))
            #expect(try await reader.send(.get, "/contacts/\(contact.id)/edit").status == .forbidden)
            let refused = try await reader.send(.post, "/contacts/\(contact.id)/edit", form: ["_csrf": reader.csrf, "title": "Nope", "version": "2"])
            #expect(refused.status == .forbidden)
            #expect(try await api.count("contacts", where: "title = 'Buyer'") == 1)
        }
    }

    @Test("a bad e-mail comes back as 422 naming the field with what was typed; a stale version as 409 with the current values", arguments: Backend.available)
    func editRefused(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/contacts/\(contact.id)/edit")
            let bad = try await browser.send(.post, "/contacts/\(contact.id)/edit", form: [
                "_csrf": browser.csrf, "last_name": "Lima", "email": "ana-at-acme", "title": "Typed title", "version": "1",
            ])
            let html = String(buffer: bad.body)
            #expect(bad.status == .unprocessableContent)
            #expect(html.contains(#"id="error-email""#) && html.contains("is not a valid e-mail address"))
            #expect(html.contains(#"value="Typed title""#) && html.contains(#"value="ana-at-acme""#), "the typed values are kept")
            let unknown = try await browser.send(.post, "/contacts/\(contact.id)/edit", form: [
                "_csrf": browser.csrf, "last_name": "Lima", "company": "Nobody Inc", "version": "1",
            ])
            #expect(unknown.status == .unprocessableContent)
            #expect(String(buffer: unknown.body).contains(#"id="error-company""#))
            #expect(try await api.services.database.read { conn in try api.services.contacts.get(contact.id, conn) }.version == 1)

            #expect(try await api.send(.patch, "/api/v1/contacts/\(contact.id)", json: ["title": "Set elsewhere", "version": 1]).code == 200)
            let stale = try await browser.send(.post, "/contacts/\(contact.id)/edit", form: [
                "_csrf": browser.csrf, "last_name": "Lima", "title": "Mine", "version": "1",
            ])
            let page = String(buffer: stale.body)
            #expect(stale.status == .conflict)
            #expect(page.contains("Someone else changed this record meanwhile"))
            #expect(page.contains(#"value="Set elsewhere""#) && !page.contains(#"value="Mine""#) && page.contains(#"name="version" value="2""#))
            #expect(try await api.services.database.read { conn in try api.services.contacts.get(contact.id, conn) }.title == "Set elsewhere")
        }
    }

    @Test("a contact archived from its card leaves the list; a manager restores it, a member may not", arguments: Backend.available)
    func archiveAndRestore(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            try await browser.signIn("member@example.com")
            let card = String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body)
            #expect(!card.contains("/companies/") && !card.contains("<dt>Job title</dt>") && !card.contains("<dt>Owner</dt>"),
                    "no row for what the contact does not have")
            #expect(try await browser.send(.post, "/contacts/\(contact.id)/archive", form: ["_csrf": browser.csrf, "version": "1"]).status == .seeOther)
            #expect(!String(buffer: try await browser.send(.get, "/contacts").body).contains(contact.id))
            #expect(String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body).contains(#"id="archived-notice""#))
            #expect(try await browser.send(.post, "/contacts/\(contact.id)/restore", form: ["_csrf": browser.csrf]).status == .forbidden)
            let manager = WebPagesTests.Browser(api.client)
            try await manager.signIn("manager@example.com")
            try await manager.send(.get, "/contacts/\(contact.id)")
            #expect(try await manager.send(.post, "/contacts/\(contact.id)/restore", form: ["_csrf": manager.csrf]).status == .seeOther)
            #expect(String(buffer: try await browser.send(.get, "/contacts").body).contains(contact.id))
            let stale = try await browser.send(.post, "/contacts/\(contact.id)/archive", form: ["_csrf": browser.csrf, "version": "1"])
            #expect(stale.status == .conflict)
            #expect(try await api.count("contacts", where: "archived_at IS NULL") == 1)
        }
    }

    @Test("a company is created and edited with a revenue typed the French way; bad numbers and stale versions are refused", arguments: Backend.available)
    func companies(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            _ = try await api.services.database.write { conn in try conn.execute("UPDATE users SET locale = 'fr' WHERE email = 'member@example.com'") }
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/companies")
            let fields = ["_csrf": browser.csrf, "name": "Atelier Nord", "industry": "Menuiserie", "size": "12", "annual_revenue": "12 345,50",
                          "currency": "EUR", "region": "Bretagne", "website": "https://atelier-nord.fr"]
            let bad = try await browser.send(.post, "/companies", form: fields.merging(["annual_revenue": "douze mille"]) { _, new in new })
            #expect(bad.status == .unprocessableContent)
            let html = String(buffer: bad.body)
            #expect(html.contains(#"id="error-annual_revenue""#) && html.contains("doit être un montant") && html.contains(#"value="douze mille""#))
            #expect(try await api.count("companies") == 0)
            let created = try await browser.send(.post, "/companies", form: fields)
            #expect(created.status == .seeOther, "\(String(buffer: created.body))")
            let id = String(try #require(created.headers[.location]).dropFirst("/companies/".count))
            var stored = try await api.services.database.read { conn in try api.services.companies.get(id, conn) }
            #expect(stored.annualRevenue == 1_234_550 && stored.size == 12 && stored.region == "Bretagne" && stored.industry == "Menuiserie")
            #expect(try await api.count("events", where: "entity_id = '\(id)' AND type = 'company.created'") == 1)

            let page = String(buffer: try await browser.send(.get, "/companies/\(id)").body)
            #expect(page.contains("12\u{202F}345,50\u{00A0}€"), "the revenue in French")
            #expect(page.contains(#"value="12345,50""#), "the form shows it as it can be typed again")
            let edited = try await browser.send(.post, "/companies/\(id)", form: fields.merging(["annual_revenue": "99 000", "size": "", "version": "1"]) { _, new in new })
            #expect(edited.status == .seeOther)
            stored = try await api.services.database.read { conn in try api.services.companies.get(id, conn) }
            #expect(stored.annualRevenue == 9_900_000 && stored.size == nil && stored.version == 2)
            #expect(try await api.count("audit_log", where: "entity_id = '\(id)' AND field = 'annual_revenue'") == 1)
            let stale = try await browser.send(.post, "/companies/\(id)", form: fields.merging(["name": "Old", "version": "1"]) { _, new in new })
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains("Quelqu’un d’autre a modifié cette fiche"))
            #expect(try await api.count("companies", where: "name = 'Atelier Nord'") == 1)

            let reader = WebPagesTests.Browser(api.client)
            try await reader.signIn("readonly@example.com")
            #expect(!String(buffer: try await reader.send(.get, "/companies").body).contains(#"id="company-form""#))
            #expect(try await reader.send(.post, "/companies", form: fields.merging(["_csrf": reader.csrf]) { _, new in new }).status == .forbidden)
            #expect(try await reader.send(.post, "/companies/\(id)", form: ["_csrf": reader.csrf, "name": "Nope", "version": "2"]).status == .forbidden)
            #expect(try await api.count("companies") == 1)
            let names = String(buffer: try await browser.send(.get, "/companies?q=atel&partial=names").body)
            #expect(names.contains(#"<option value="Atelier Nord">"#))
        }
    }

    @Test("the list's filters combine with the search and keyset pages: following next shows each contact once, none missing", arguments: Backend.available)
    func filtersAndPaging(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let company = try await api.create("/api/v1/companies", ["name": "Acme Outillage"]).id
            let (member, manager) = (try #require(api.users[.member]).id, try #require(api.users[.manager]).id)
            let expected = try await api.services.database.write { conn in
                var matching = Set<String>()
                for index in 0..<160 {
                    var patch = ContactPatch()
                    patch.firstName = "Élise"
                    patch.lastName = "Durand \(1000 + index)"
                    patch.tags = .some(index % 5 != 0 ? ["Salon", "2027"] : ["web"])
                    patch.region = .some(index % 4 != 0 ? "Bretagne" : "Normandie")
                    patch.ownerID = .some(index % 3 != 0 ? member : manager)
                    patch.companyID = .some(index % 7 != 0 ? company : nil)
                    let contact = try api.services.contacts.create(patch, actor: .system, conn)
                    if index % 5 != 0, index % 4 != 0, index % 3 != 0, index % 7 != 0 { matching.insert(contact.id) }
                }
                return matching
            }
            #expect(expected.count == 55)
            try await browser.signIn("member@example.com")
            for start in ["/contacts?owner=\(member)&tag=salon&region=Bretagne&company=acme%20outillage",
                          "/contacts?q=dur&owner=\(member)&tag=SALON&region=Bretagne&company=\(company)"] {
                var seen: [String] = []
                var next: String? = start
                var pages = 0
                while let path = next, pages < 10 {
                    let html = String(buffer: try await browser.send(.get, path).body)
                    seen += Self.matches(#"<tr data-id="([^"]+)""#, in: html)
                    next = Self.matches(#"rel="next" href="([^"]+)""#, in: html).first?.replacingOccurrences(of: "&amp;", with: "&")
                    if let next { #expect(next.contains("region=Bretagne") && next.contains("owner=\(member)")) }
                    pages += 1
                }
                #expect(pages == 2, "\(start)")
                #expect(seen.count == Set(seen).count, "no contact twice: \(start)")
                #expect(Set(seen) == expected, "every contact of the filters, and only those: \(start)")
            }
            let partial = String(buffer: try await browser.send(.get, "/contacts?q=dur&tag=salon&region=Normandie&partial=1").body)
            #expect(Self.matches(#"<tr data-id="([^"]+)""#, in: partial).count == 32)
            #expect(!partial.contains("<html"))

            var apiSeen: [String] = []
            var cursor: String?
            repeat {
                let query = "owner=\(member)&tag=salon&region=Bretagne&company_id=\(company)&limit=20" + (cursor.map { "&cursor=\($0)" } ?? "")
                let answer = try await api.send(.get, "/api/v1/contacts?\(query)")
                apiSeen += answer.items.compactMap { $0["id"] as? String }
                cursor = answer.json["next_cursor"] as? String
            } while cursor != nil
            #expect(apiSeen.count == 55 && Set(apiSeen) == expected, "the API filters the same way")
        }
    }

    @Test("ticked contacts get a tag or an owner in one POST; readonly may not, and more than a page changes nothing", arguments: Backend.available)
    func bulkChanges(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            var ids: [String] = []
            for name in ["Ana", "Bruno", "Chloé", "Denis"] { ids.append(try await api.contact(first: name, last: "Lima").id) }
            let manager = try #require(api.users[.manager]).id
            try await browser.signIn("member@example.com")
            let list = String(buffer: try await browser.send(.get, "/contacts?tag=&region=").body)
            #expect(list.contains(#"id="bulk-form""#) && list.contains(#"id="select-all""#) && list.contains("Select Ana Lima"))

            let three = Array(ids.prefix(3))
            let tagged = try await browser.post("/contacts/bulk", three.map { ("ids", $0) } + [
                ("_csrf", browser.csrf), ("action", "add_tag"), ("tag", "VIP"), ("filter_region", "Nord & Sud"),
            ])
            #expect(tagged.status == .seeOther)
            let location = try #require(tagged.headers[.location])
            #expect(location == "/contacts?region=Nord%20%26%20Sud&updated=3")
            #expect(try await api.count("contact_tags", where: "tag = 'vip'") == 3)
            #expect(try await api.count("events", where: "type = 'contact.updated'") == 3)
            #expect(try await api.count("audit_log", where: "entity_type = 'contact' AND field = 'tags'") == 3)
            #expect(String(buffer: try await browser.send(.get, location).body).contains("3 contacts updated."))

            let assigned = try await browser.post("/contacts/bulk", three.map { ("ids", $0) } + [
                ("_csrf", browser.csrf), ("action", "assign"), ("owner_id", manager),
            ])
            #expect(assigned.status == .seeOther && assigned.headers[.location] == "/contacts?updated=3")
            #expect(try await api.count("contacts", where: "owner_id = '\(manager)'") == 3)
            let untagged = try await browser.post("/contacts/bulk", [("ids", ids[0]), ("ids", ids[3]), ("_csrf", browser.csrf), ("action", "remove_tag"), ("tag", "vip")])
            #expect(untagged.headers[.location] == "/contacts?updated=1", "only the contact that had the tag changes")
            #expect(try await api.count("contact_tags", where: "tag = 'vip'") == 2)

            let noCSRF = try await browser.post("/contacts/bulk", three.map { ("ids", $0) } + [("action", "add_tag"), ("tag", "lost")])
            #expect(noCSRF.status == .forbidden)
            let reader = WebPagesTests.Browser(api.client)
            try await reader.signIn("readonly@example.com")
            #expect(!String(buffer: try await reader.send(.get, "/contacts").body).contains(#"id="bulk-form""#))
            let refused = try await reader.post("/contacts/bulk", three.map { ("ids", $0) } + [("_csrf", reader.csrf), ("action", "add_tag"), ("tag", "lost")])
            #expect(refused.status == .forbidden)

            let many = try await api.services.database.write { conn in
                try (0..<50).map { index in
                    var patch = ContactPatch()
                    patch.lastName = "Extra \(index)"
                    return try api.services.contacts.create(patch, actor: .system, conn).id
                }
            }
            let tooMany = try await browser.post("/contacts/bulk", (many + [ids[3]]).map { ("ids", $0) } + [
                ("_csrf", browser.csrf), ("action", "add_tag"), ("tag", "lost"),
            ])
            #expect(tooMany.status == .unprocessableContent)
            #expect(String(buffer: tooMany.body).contains("At most 50 contacts at once (51 selected)"))
            let blank = try await browser.post("/contacts/bulk", three.map { ("ids", $0) } + [("_csrf", browser.csrf), ("action", "add_tag"), ("tag", " ")])
            #expect(blank.status == .unprocessableContent)
            #expect(try await api.count("contact_tags", where: "tag = 'lost'") == 0)
            #expect(try await api.count("events", where: "type = 'contact.updated'") == 7)
        }
    }

    @Test("the card lists the contact's open tasks with Done and a next-action form while follow-ups is on, and no section when off", arguments: Backend.available)
    func tasksOnCard(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            let other = try await api.contact(first: "Bruno", last: "Martin")
            try await browser.signIn("admin@example.com")
            try await browser.send(.get, "/contacts/\(contact.id)")
            let back = "/contacts/\(contact.id)#tasks"
            for (id, text) in [(contact.id, "Send the quote tomorrow 9:00"), (other.id, "Call Bruno tomorrow")] {
                let added = try await browser.send(.post, "/tasks", form: ["_csrf": browser.csrf, "text": text, "contact_id": id, "back": back])
                #expect(added.status == .seeOther && added.headers[.location] == back)
            }
            var card = String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body)
            #expect(card.contains(#"id="tasks""#) && card.contains(#"id="next-action-form""#))
            #expect(card.contains("Send the quote") && !card.contains("Call Bruno"))
            let task = try #require(Self.matches(#"action="/tasks/([^/"]+)/complete""#, in: card).first)
            let done = try await browser.send(.post, "/tasks/\(task)/complete", form: ["_csrf": browser.csrf, "back": back])
            #expect(done.status == .seeOther && done.headers[.location] == back)
            #expect(try await api.count("tasks", where: "id = '\(task)' AND status = 'done'") == 1)
            card = String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body)
            #expect(card.contains("No open task.") && !card.contains("Send the quote"))

            #expect(try await browser.send(.post, "/admin/modules/followups/disable", form: ["_csrf": browser.csrf]).status == .seeOther)
            card = String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body)
            #expect(!card.contains(#"id="tasks""#) && !card.contains(#"id="next-action-form""#))
            #expect(card.contains("Ana Lima"))
        }
    }

    @Test("markup typed in every new field is shown escaped, never run", arguments: Backend.available)
    func escaping(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let contact = try await api.contact(first: "Ana", last: "Lima")
            let markup = Self.markup
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/contacts/\(contact.id)/edit")
            var fields = ["_csrf": browser.csrf, "version": "1", "last_name": "Lima", "emails": "", "company": ""]
            for name in ["title", "street", "postcode", "city", "region", "source", "tags", "phones"] { fields[name] = markup }
            #expect(try await browser.send(.post, "/contacts/\(contact.id)/edit", form: fields).status == .seeOther)
            let company = try await browser.send(.post, "/companies", form: [
                "_csrf": browser.csrf, "name": markup, "industry": markup, "region": markup, "website": markup, "currency": "EUR",
            ])
            let companyPath = try #require(company.headers[.location])
            let refused = try await browser.send(.post, "/contacts/\(contact.id)/edit", form: fields.merging(["email": "\(markup)@x"]) { _, new in new })
            #expect(refused.status == .unprocessableContent)
            let query = markup.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let pages: [(String, String)] = [
                ("card", String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body)),
                ("form", String(buffer: try await browser.send(.get, "/contacts/\(contact.id)/edit").body)),
                ("refused form", String(buffer: refused.body)),
                ("list", String(buffer: try await browser.send(.get, "/contacts?tag=\(query)&region=\(query)&company=\(query)&owner=\(query)").body)),
                ("company", String(buffer: try await browser.send(.get, companyPath).body)),
                ("companies", String(buffer: try await browser.send(.get, "/companies").body)),
                ("names", String(buffer: try await browser.send(.get, "/companies?q=%3Cscr&partial=names").body)),
            ]
            for (name, html) in pages {
                #expect(!html.contains("<script>x()"), "\(name) shows the markup raw")
                #expect(html.contains("&lt;script&gt;x()"), "\(name) should show the text")
            }
        }
    }

    /// The first group of each match of `pattern`.
    static func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

extension WebPagesTests.Browser {
    /// Posts a form whose fields may repeat (ticked checkboxes), with the browser's cookies.
    func post(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        let body = fields.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body))
    }
}
