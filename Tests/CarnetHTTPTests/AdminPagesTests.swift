import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetScripting
import CarnetStore
import CarnetTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The admin pages over HTTP: users and roles, the pipeline, plugins, webhooks and jobs; who
/// may reach them, and that they change what the API changes.
@Suite("Admin pages")
struct AdminPagesTests {
    typealias Browser = WebPagesTests.Browser

    /// Runs `body` as `WebPagesTests.with` does, with the plugins of `plugins` when given.
    static func with(_ backend: Backend, plugins: URL? = nil, _ body: @escaping @Sendable (Browser, API) async throws -> Void) async throws {
        var config = API.config
        if let plugins { config.plugins.directory = plugins }
        try await API.with(backend, catalog: ModuleCatalog([FollowUpsModule()]), enabledModules: ["followups"], config: config) { api in
            let hash = try Credentials.hashPassword(WebPagesTests.password)
            _ = try await api.services.database.write { conn in try conn.execute("UPDATE users SET password_hash = ?", [.text(hash)]) }
            try await body(Browser(api.client), api)
        }
    }

    /// A page's HTML.
    static func html(_ browser: Browser, _ path: String, headers: HTTPFields = [:]) async throws -> String {
        String(buffer: try await browser.send(.get, path, headers: headers).body)
    }

    static func user(_ api: API, _ id: String) async throws -> User {
        try await api.services.database.read { conn in try api.services.users.get(id, conn) }
    }

    @Test("a member made read-only is refused writes at once, by page and by token; deactivated, their session ends and they cannot sign in",
          arguments: Backend.available)
    func roleChange(backend: Backend) async throws {
        try await Self.with(backend) { admin, api in
            let memberID = try #require(api.users[.member]).id
            let member = Browser(api.client)
            try await member.signIn("member@example.com")
            try await member.send(.get, "/contacts")
            #expect(try await member.send(.post, "/contacts", form: ["_csrf": member.csrf, "last_name": "Lima"]).status == .seeOther)
            #expect(try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: ["last_name": "Roy"]).code == 201)

            try await admin.signIn("admin@example.com")
            let page = try await Self.html(admin, "/admin/users/\(memberID)")
            #expect(page.contains(#"name="version" value="1""#) && page.contains(#"<option value="member" selected>"#))
            let form = ["_csrf": admin.csrf, "name": "Member User", "role": "readonly", "locale": "en", "active": "1", "version": "1"]
            let saved = try await admin.send(.post, "/admin/users/\(memberID)", form: form)
            #expect(saved.status == .seeOther && saved.headers[.location] == "/admin/users/\(memberID)?saved=1")
            var stored = try await Self.user(api, memberID)
            #expect(stored.role == .readonly && stored.active && stored.version == 2)
            #expect(try await api.count("audit_log", where: "entity_type = 'user' AND entity_id = '\(memberID)' AND field = 'role'") == 1)
            #expect(try await api.count("events", where: "type = 'user.updated' AND entity_id = '\(memberID)'") == 1)

            #expect(try await member.send(.post, "/contacts", form: ["_csrf": member.csrf, "last_name": "Moreau"]).status == .forbidden)
            expectProblem(try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: ["last_name": "Moreau"]), 403)
            #expect(try await api.count("contacts") == 2)
            #expect(try await member.send(.get, "/contacts").status == .ok, "a reader still reads")

            var deactivate = form
            deactivate["active"] = nil
            deactivate["version"] = "2"
            #expect(try await admin.send(.post, "/admin/users/\(memberID)", form: deactivate).status == .seeOther)
            stored = try await Self.user(api, memberID)
            #expect(!stored.active)
            #expect(try await api.count("web_sessions", where: "user_id = '\(memberID)'") == 0)
            #expect(try await member.send(.get, "/contacts").status == .seeOther, "the session is gone")
            #expect(try await member.signIn("member@example.com").status == .unauthorized)
            expectProblem(try await api.send(.get, "/api/v1/contacts", as: .role(.member)), 401)
            #expect(try await Self.html(admin, "/admin/users").contains("Deactivated"))

            var reactivate = form
            reactivate["version"] = "3"
            #expect(try await admin.send(.post, "/admin/users/\(memberID)", form: reactivate).status == .seeOther)
            #expect(try await member.signIn("member@example.com").status == .seeOther)
            #expect(try await api.send(.get, "/api/v1/contacts", as: .role(.member)).code == 200)
        }
    }

    @Test("the last active admin can be neither demoted nor deactivated, by page or API: 422 naming the field, in the reader's language",
          arguments: Backend.available)
    func lastAdmin(backend: Backend) async throws {
        try await Self.with(backend) { admin, api in
            let adminID = try #require(api.users[.admin]).id
            try await admin.signIn("admin@example.com")
            try await admin.send(.get, "/admin/users/\(adminID)")
            let form = ["_csrf": admin.csrf, "name": "Admin User", "role": "manager", "locale": "en", "active": "1", "version": "1"]
            let demoted = try await admin.send(.post, "/admin/users/\(adminID)", form: form)
            #expect(demoted.status == .unprocessableContent)
            let html = String(buffer: demoted.body)
            #expect(html.contains(#"<span class="field-error" id="error-role">cannot change: this is the last active admin"#))
            #expect(html.contains(#"<option value="manager" selected>"#), "the role chosen is kept")

            var deactivate = form
            deactivate["role"] = "admin"
            deactivate["active"] = nil
            let french = try await admin.send(.post, "/admin/users/\(adminID)", form: deactivate, headers: [.acceptLanguage: "fr-FR"])
            #expect(french.status == .unprocessableContent)
            #expect(String(buffer: french.body).contains(#"id="error-active">ne peut pas être désactivé : c’est le dernier administrateur actif"#))

            expectProblem(try await api.send(.patch, "/api/v1/users/\(adminID)", json: ["role": "member"]), 422, fields: ["role"])
            expectProblem(try await api.send(.patch, "/api/v1/users/\(adminID)", json: ["active": false]), 422, fields: ["active"])
            expectProblem(try await api.send(.patch, "/api/v1/users/\(adminID)", json: ["email": "new@example.com"]), 422, fields: ["email"])
            let stored = try await Self.user(api, adminID)
            #expect(stored.role == .admin && stored.active && stored.version == 1)
            #expect(try await api.count("events", where: "type = 'user.updated'") == 0)

            let managerID = try #require(api.users[.manager]).id
            expectProblem(try await api.send(.patch, "/api/v1/users/\(managerID)", json: ["role": "admin", "version": 7]), 409)
            let promoted = try await api.send(.patch, "/api/v1/users/\(managerID)", json: ["role": "admin", "name": "Maud Martin"])
            #expect(promoted.code == 200 && promoted.string("role") == "admin" && promoted.string("name") == "Maud Martin")
            #expect(try await admin.send(.post, "/admin/users/\(adminID)", form: form).status == .seeOther, "another admin exists now")
            #expect(try await Self.user(api, adminID).role == .manager)
            #expect(try await admin.send(.get, "/admin").status == .forbidden, "the new role applies to the next page")
        }
    }

    @Test("an admin adds a user from the users page; a short password is named in the form", arguments: Backend.available)
    func addUser(backend: Backend) async throws {
        try await Self.with(backend) { admin, api in
            try await admin.signIn("admin@example.com")
            try await admin.send(.get, "/admin/users")
            let short = try await admin.send(.post, "/admin/users", form: ["_csrf": admin.csrf, "email": "zoe@example.com", "role": "manager", "password": "short"])
            #expect(short.status == .unprocessableContent)
            let html = String(buffer: short.body)
            #expect(html.contains(#"id="error-password""#) && html.contains(#"value="zoe@example.com""#) && html.contains(#"<option value="manager" selected>"#))
            let added = try await admin.send(.post, "/admin/users", form: ["_csrf": admin.csrf, "email": "zoe@example.com", "role": "manager",
                                                                         "password": "long enough password"])
            #expect(added.status == .seeOther && added.headers[.location] == "/admin/users")
            #expect(try await api.count("users", where: "email = 'zoe@example.com' AND role = 'manager'") == 1)
        }
    }

    @Test("an admin revokes a user's API token from the user's page, and the token stops working at once", arguments: Backend.available)
    func revokeToken(backend: Backend) async throws {
        try await Self.with(backend) { admin, api in
            let memberID = try #require(api.users[.member]).id
            #expect(try await api.send(.get, "/api/v1/contacts", as: .role(.member)).code == 200)
            let tokenID = try await api.services.database.read { conn in try api.services.users.tokens(userID: memberID, conn) }.first?.id ?? ""
            try await admin.signIn("admin@example.com")
            #expect(try await Self.html(admin, "/admin/users/\(memberID)").contains(#"data-token="\#(tokenID)""#))
            let revoked = try await admin.send(.post, "/admin/users/\(memberID)/tokens/\(tokenID)/revoke", form: ["_csrf": admin.csrf])
            #expect(revoked.status == .seeOther)
            expectProblem(try await api.send(.get, "/api/v1/contacts", as: .role(.member)), 401)
            #expect(try await Self.html(admin, "/admin/users/\(memberID)").contains("No API token."))
        }
    }

    @Test("the pipeline page lists the stages in order with their probability, staleness and entry rule in words, in English and French",
          arguments: Backend.available)
    func pipeline(backend: Backend) async throws {
        try await Self.with(backend) { admin, _ in
            try await admin.signIn("admin@example.com")
            let english = try await Self.html(admin, "/admin/pipeline")
            let order = ["lead", "qualified", "meeting", "proposal", "negotiation", "won", "lost"].compactMap { english.range(of: #"data-stage="\#($0)""#)?.lowerBound }
            #expect(order.count == 7 && order == order.sorted())
            for text in ["Proposal sent", "60 %", "<li>Amount</li><li>Expected close</li>", "<li>A logged meeting</li>", "<li>Custom field “need”</li>",
                         "10 days without activity", "Closes the deal as won", "[[pipeline.stages]]", "rotting_days"] {
                #expect(english.contains(text), "the English page should show \(text)")
            }
            let french = try await Self.html(admin, "/admin/pipeline", headers: [.acceptLanguage: "fr"])
            for text in ["Proposition envoyée", "<li>Montant</li><li>Clôture prévue</li>", "<li>Un rendez-vous enregistré</li>",
                         "<li>Champ personnalisé « need »</li>", "10 jours sans activité", "Clôt l’affaire comme perdue"] {
                #expect(french.contains(text), "the French page should show \(text)")
            }
        }
    }

    /// A plugin that refuses any new deal titled "Veto" with `message`, with a CPU budget of 20 ms.
    static func writeVetoPlugin(in directory: URL, message: String) throws {
        try PluginSource("veto", description: "Refuses deals titled Veto.", hooks: ["before:deal.created": "gate"], extra: "[budgets]\ncpu_ms = 20", main: """
            function gate(event)
              if event.record.title == "Veto" then crm.reject("\(message)") end
            end
            """).write(to: directory)
    }

    @Test("a plugin is turned on, reloaded and off from the page, its runs and budgets shown; a broken reload is refused naming the file",
          arguments: Backend.available)
    func plugins(backend: Backend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-admin-plugins-\(UUID().uuidString)", isDirectory: true)
        try Self.writeVetoPlugin(in: directory, message: "no veto deals")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await Self.with(backend, plugins: directory) { admin, api in
            try await admin.signIn("admin@example.com")
            #expect(try await Self.html(admin, "/admin/plugins").contains(#"data-plugin="veto" data-state="disabled""#))
            #expect(try await admin.send(.post, "/admin/plugins/veto/enable", form: ["_csrf": admin.csrf]).status == .seeOther)
            #expect(try await api.services.database.read { conn in try PluginStates.all(conn)["veto"]?.enabled } == true)
            let running = try await Self.html(admin, "/admin/plugins")
            #expect(running.contains(#"data-plugin="veto" data-state="running""#))
            #expect(running.contains("<code>before:deal.created</code>"))
            #expect(running.contains("<td>20 ms</td>") && running.contains("<td>16 MB</td>"), "the manifest's CPU budget and the default memory")

            let contact = try await api.contact(first: "Ana", last: "Lima")
            let refused = try await api.send(.post, "/api/v1/deals", as: .role(.member), json: ["title": "Veto", "contact_id": contact.id])
            #expect(refused.code == 422 && refused.string("detail")?.contains("no veto deals") == true)
            let runs = try await Self.html(admin, "/admin/plugins/veto")
            #expect(runs.contains(#"data-outcome="rejected""#) && runs.contains("no veto deals"))

            let main = directory.appendingPathComponent("veto/main.lua")
            try Data("function gate(event)\n  if then\nend\n".utf8).write(to: main)
            let broken = try await admin.send(.post, "/admin/plugins/veto/reload", form: ["_csrf": admin.csrf])
            #expect(broken.status == .unprocessableContent)
            #expect(String(buffer: broken.body).contains("<li>main.lua:"), "the problem names the file")
            #expect(try await Self.html(admin, "/admin/plugins").contains(#"data-plugin="veto" data-state="running""#), "the running version stays")

            try Self.writeVetoPlugin(in: directory, message: "still no veto deals")
            #expect(try await admin.send(.post, "/admin/plugins/veto/reload", form: ["_csrf": admin.csrf]).status == .seeOther)
            let again = try await api.send(.post, "/api/v1/deals", as: .role(.member), json: ["title": "Veto", "contact_id": contact.id])
            #expect(again.string("detail")?.contains("still no veto deals") == true, "the reloaded version runs")

            #expect(try await admin.send(.post, "/admin/plugins/veto/disable", form: ["_csrf": admin.csrf]).status == .seeOther)
            #expect(try await api.services.database.read { conn in try PluginStates.all(conn)["veto"]?.enabled } == false)
            let allowed = try await api.send(.post, "/api/v1/deals", as: .role(.member), json: ["title": "Veto", "contact_id": contact.id,
                                                                                                 "next_action": "Call", "next_action_at": "2030-01-07T09:00:00Z"])
            #expect(allowed.code == 201, "\(allowed.text)")
            #expect(try await admin.send(.post, "/admin/plugins/nothing/enable", form: ["_csrf": admin.csrf]).status == .notFound)
        }
    }

    @Test("a webhook added from the page shows its secret once and is stored as the API stores it; it is changed by version, pinged and deleted",
          arguments: Backend.available)
    func webhooks(backend: Backend) async throws {
        try await Self.with(backend) { admin, api in
            try await admin.signIn("admin@example.com")
            try await admin.send(.get, "/admin/webhooks")
            let bad = try await admin.send(.post, "/admin/webhooks", form: ["_csrf": admin.csrf, "url": "ftp://files.example.com", "events": "deal.*, no pattern!"])
            #expect(bad.status == .unprocessableContent)
            let badHTML = String(buffer: bad.body)
            #expect(badHTML.contains(#"id="error-url""#) && badHTML.contains(#"id="error-events""#) && badHTML.contains(#"value="ftp://files.example.com""#))
            #expect(try await api.count("webhooks") == 0)

            let created = try await admin.send(.post, "/admin/webhooks", form: ["_csrf": admin.csrf, "url": "https://hooks.example.com/carnet",
                                                                              "events": "deal.*, contact.created", "description": "CRM sync", "active": "1"])
            #expect(created.status == .ok)
            let stored = try #require(try await api.services.database.read { conn in try api.services.webhooks.list(limit: 10, cursor: nil, conn).items }.first)
            #expect(stored.url == "https://hooks.example.com/carnet" && stored.events == ["deal.*", "contact.created"])
            #expect(stored.active && stored.description == "CRM sync" && stored.createdBy == api.users[.admin]?.id)
            #expect(String(buffer: created.body).contains(#"<code id="new-secret" class="secret">\#(stored.secret)</code>"#))
            #expect(try await api.send(.get, "/api/v1/webhooks/\(stored.id)").string("secret") == stored.maskedSecret)
            #expect(try await api.count("events", where: "type = 'webhook.created' AND payload LIKE '%\(stored.secret)%'") == 0)
            for path in ["/admin/webhooks", "/admin/webhooks/\(stored.id)"] {
                #expect(!(try await Self.html(admin, path)).contains(stored.secret), "\(path) shows the secret again")
            }
            #expect(try await Self.html(admin, "/admin/webhooks/\(stored.id)").contains(stored.maskedSecret))

            let edit = ["_csrf": admin.csrf, "url": "https://hooks.example.com/v2", "events": "*", "version": "1"]
            #expect(try await admin.send(.post, "/admin/webhooks/\(stored.id)", form: edit).status == .seeOther)
            var changed = try await api.services.database.read { conn in try api.services.webhooks.get(stored.id, conn) }
            #expect(changed.url == "https://hooks.example.com/v2" && changed.events == ["*"] && !changed.active && changed.description == nil)
            #expect(changed.version == 2 && changed.secret == stored.secret)
            let stale = try await admin.send(.post, "/admin/webhooks/\(stored.id)", form: edit)
            #expect(stale.status == .conflict)
            #expect(String(buffer: stale.body).contains("Someone changed this in the meantime"))

            #expect(try await admin.send(.post, "/admin/webhooks/\(stored.id)/ping", form: ["_csrf": admin.csrf]).status == .conflict, "an inactive webhook gets no ping")
            var activate = edit
            activate["active"] = "1"
            activate["version"] = "2"
            #expect(try await admin.send(.post, "/admin/webhooks/\(stored.id)", form: activate).status == .seeOther)
            let ping = try await admin.send(.post, "/admin/webhooks/\(stored.id)/ping", form: ["_csrf": admin.csrf])
            #expect(ping.status == .seeOther && ping.headers[.location] == "/admin/webhooks/\(stored.id)?pinged=1")
            #expect(try await api.count("jobs", where: "kind = '\(WebhookDeliverer.jobKind)' AND payload LIKE '%\(stored.id)%'") == 1)

            #expect(try await admin.send(.post, "/admin/webhooks/\(stored.id)/delete", form: ["_csrf": admin.csrf, "version": "2"]).status == .conflict)
            changed = try await api.services.database.read { conn in try api.services.webhooks.get(stored.id, conn) }
            #expect(try await admin.send(.post, "/admin/webhooks/\(stored.id)/delete", form: ["_csrf": admin.csrf, "version": String(changed.version)]).status == .seeOther)
            #expect(try await api.count("webhooks") == 0)
            #expect(try await admin.send(.get, "/admin/webhooks/\(stored.id)").status == .notFound)
        }
    }

    @Test("the overview counts the queued and dead jobs, and a dead one is retried from it", arguments: Backend.available)
    func jobs(backend: Backend) async throws {
        try await Self.with(backend) { admin, api in
            let jobs = api.services.jobs
            let later = api.clock.now.addingTimeInterval(86_400)
            let dead = try await api.services.database.write { conn in
                for _ in 0..<3 { try jobs.enqueue(kind: "test.waiting", runAt: later, conn) }
                let job = try jobs.enqueue(kind: "test.broken", maxAttempts: 1, conn)
                let claimed = try jobs.claim(limit: 10, worker: "tests", leaseSeconds: 60, kinds: ["test.broken"], conn)
                return try jobs.fail(try #require(claimed.first { $0.id == job.id }), error: "it broke", conn)
            }
            #expect(dead.status == .dead)
            try await admin.signIn("admin@example.com")
            // The server's worker runs its own jobs meanwhile; nobody runs the test's kinds.
            let page = try await Self.html(admin, "/admin")
            let queued = page.firstMatch(of: /<dd data-count="queued">(\d+)<\/dd>/).flatMap { Int($0.1) } ?? 0
            #expect(queued >= 3, "the waiting jobs are counted")
            #expect(page.contains(#"<dd data-count="dead">1</dd>"#))
            #expect(page.contains(#"data-job="\#(dead.id)""#) && page.contains("it broke"))
            #expect(try await admin.send(.post, "/admin/jobs/\(dead.id)/retry", form: ["_csrf": admin.csrf]).status == .seeOther)
            #expect(try await Self.html(admin, "/admin").contains(#"<dd data-count="dead">0</dd>"#))
        }
    }

    @Test("every admin page refuses non-admins with 403, GET and POST alike, and an admin's POST without the CSRF token changes nothing",
          arguments: Backend.available)
    func access(backend: Backend) async throws {
        try await Self.with(backend) { admin, api in
            let adminID = try #require(api.users[.admin]).id
            let memberID = try #require(api.users[.member]).id
            let tokenID = try await api.services.database.read { conn in try api.services.users.tokens(userID: memberID, conn) }.first?.id ?? ""
            let webhook = try await api.send(.post, "/api/v1/webhooks", json: ["url": "https://hooks.example.com/carnet", "events": ["*"]])
            let gets = ["/admin", "/admin/users", "/admin/users/\(adminID)", "/admin/pipeline", "/admin/plugins", "/admin/webhooks",
                        "/admin/webhooks/\(webhook.id)"]
            let posts = ["/admin/modules/followups/disable", "/admin/modules/followups/enable", "/admin/jobs/job_missing/retry", "/admin/users",
                         "/admin/users/\(memberID)", "/admin/users/\(memberID)/tokens/\(tokenID)/revoke", "/admin/plugins/veto/enable",
                         "/admin/plugins/veto/disable", "/admin/plugins/veto/reload", "/admin/webhooks", "/admin/webhooks/\(webhook.id)",
                         "/admin/webhooks/\(webhook.id)/ping", "/admin/webhooks/\(webhook.id)/delete"]
            let form = ["email": "eve@example.com", "name": "Eve", "role": "readonly", "url": "https://evil.example.com", "events": "*", "version": "1"]
            for email in ["readonly@example.com", "member@example.com", "manager@example.com"] {
                let browser = Browser(api.client)
                try await browser.signIn(email)
                try await browser.send(.get, "/contacts")
                for path in gets {
                    #expect(try await browser.send(.get, path).status == .forbidden, "\(email) GET \(path)")
                }
                for path in posts {
                    #expect(try await browser.send(.post, path, form: form.merging(["_csrf": browser.csrf]) { $1 }).status == .forbidden, "\(email) POST \(path)")
                }
            }
            try await admin.signIn("admin@example.com")
            for path in gets {
                #expect(try await admin.send(.get, path).status == .ok, "admin GET \(path)")
            }
            for path in posts {
                #expect(try await admin.send(.post, path, form: form).status == .forbidden, "admin POST \(path) without its CSRF token")
            }
            #expect(try await api.count("users") == 4)
            #expect(try await api.count("users", where: "id = '\(memberID)' AND role = 'member' AND version = 1") == 1)
            #expect(try await api.count("api_tokens", where: "revoked_at IS NOT NULL") == 0)
            #expect(try await api.count("webhooks", where: "url = 'https://hooks.example.com/carnet' AND version = 1") == 1)
            #expect(try await api.count("jobs", where: "kind = '\(WebhookDeliverer.jobKind)'") == 0)
            #expect(try await api.services.database.read { conn in try api.services.modules.enabled(conn) } == ["followups"])
        }
    }
}
