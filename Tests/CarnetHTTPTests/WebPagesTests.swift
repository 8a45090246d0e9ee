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

/// The pages over HTTP: sign-in, sessions, CSRF, roles, escaping and the board's moves.
/// (The browser tests under Tests/browser drive the same pages in Chromium.)
@Suite("Web pages")
struct WebPagesTests {
    static let password = "correct horse battery"

    /// A browser: its cookies, and the CSRF token of the last page it read.
    final class Browser: @unchecked Sendable {
        let client: any TestClientProtocol
        var cookies: [String: String] = [:]
        var csrf = ""

        init(_ client: any TestClientProtocol) {
            self.client = client
        }

        @discardableResult
        func send(_ method: HTTPRequest.Method, _ path: String, form: [String: String]? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
            var fields = headers
            if !cookies.isEmpty { fields[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
            var body: ByteBuffer?
            if let form {
                fields[.contentType] = "application/x-www-form-urlencoded"
                body = ByteBuffer(string: form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
            }
            let answer = try await client.execute(uri: path, method: method, headers: fields, body: body)
            for value in answer.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1] }
            }
            let html = String(buffer: answer.body)
            if let range = html.range(of: #"name="(csrf-token|_csrf)"[^>]*?(content|value)="([^"]+)""#, options: .regularExpression) {
                csrf = String(html[range].split(separator: "\"").last ?? "")
            }
            return answer
        }

        /// Signs in through the form; returns the answer to the form's POST.
        @discardableResult
        func signIn(_ email: String, password: String = WebPagesTests.password) async throws -> TestResponse {
            try await send(.get, "/login")
            return try await send(.post, "/login", form: ["_csrf": csrf, "email": email, "password": password])
        }
    }

    /// Runs `body` with the application over a fresh database whose users have a password.
    static func with(_ backend: Backend, loginMaxAttempts: Int = 10, _ body: @escaping @Sendable (Browser, API) async throws -> Void) async throws {
        var config = API.config
        config.loginMaxAttempts = loginMaxAttempts
        try await API.with(backend, catalog: ModuleCatalog([FollowUpsModule()]), enabledModules: ["followups"], config: config) { api in
            let hash = try Credentials.hashPassword(Self.password)
            _ = try await api.services.database.write { conn in try conn.execute("UPDATE users SET password_hash = ?", [.text(hash)]) }
            try await body(Browser(api.client), api)
        }
    }

    @Test("signing in sets an HttpOnly, SameSite=Lax session cookie kept only hashed; the pages then know the user", arguments: Backend.available)
    func signIn(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            let redirect = try await browser.send(.get, "/contacts")
            #expect(redirect.status == .seeOther && redirect.headers[.location] == "/login?next=%2Fcontacts")
            let answer = try await browser.signIn("member@example.com")
            #expect(answer.status == .seeOther && answer.headers[.location] == "/")
            let cookie = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("carnet_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
            let token = try #require(browser.cookies["carnet_session"])
            #expect(try await api.count("web_sessions", where: "token_hash = '\(Credentials.tokenHash(token))'") == 1)
            #expect(try await api.count("web_sessions", where: "token_hash = '\(token)'") == 0)
            let today = try await browser.send(.get, "/")
            #expect(today.status == .ok)
            #expect(String(buffer: today.body).contains("Member User"))
            #expect(try await browser.send(.post, "/logout", form: ["_csrf": browser.csrf]).status == .seeOther)
            #expect(try await api.count("web_sessions") == 0)
            #expect(try await browser.send(.get, "/").status == .seeOther)
        }
    }

    @Test("a wrong password is a 401 page; past the limit even the right one is a 429 for a while", arguments: Backend.available)
    func throttle(backend: Backend) async throws {
        try await Self.with(backend, loginMaxAttempts: 3) { browser, api in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 { statuses.append(try await browser.signIn("member@example.com", password: "nope").status) }
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized])
            let blocked = try await browser.signIn("member@example.com")
            #expect(blocked.status == .tooManyRequests)
            let sessions = try await api.count("web_sessions")
            #expect(sessions == 0)
            api.clock.advance(by: 16 * 60)
            let later = try await browser.signIn("member@example.com")
            #expect(later.status == .seeOther)
        }
    }

    @Test("a form without the session's CSRF token, or from a role below the page's, is refused and stores nothing", arguments: Backend.available)
    func csrfAndRoles(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/contacts")
            #expect(try await browser.send(.post, "/contacts", form: ["_csrf": "forged", "last_name": "Lima"]).status == .forbidden)
            #expect(try await browser.send(.post, "/contacts", form: ["last_name": "Lima"]).status == .forbidden)
            #expect(try await api.count("contacts") == 0)

            let reader = Browser(api.client)
            try await reader.signIn("readonly@example.com")
            try await reader.send(.get, "/contacts")
            #expect(try await reader.send(.post, "/contacts", form: ["_csrf": reader.csrf, "last_name": "Lima"]).status == .forbidden)
            #expect(try await api.count("contacts") == 0)
            #expect(try await browser.send(.post, "/contacts", form: ["_csrf": browser.csrf, "last_name": "Lima"]).status == .seeOther)
            #expect(try await api.count("contacts") == 1)
        }
    }

    @Test("text typed by users is shown escaped, never run", arguments: Backend.available)
    func escaping(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/contacts")
            let created = try await browser.send(.post, "/contacts", form: ["_csrf": browser.csrf, "first_name": "<script>alert(1)</script>",
                                                                            "last_name": "\"><img src=x onerror=alert(2)>", "title": "R&D"])
            let location = try #require(created.headers[.location])
            for path in [location, "/contacts", "/contacts?q=%3Cscript&partial=1"] {
                let html = String(buffer: try await browser.send(.get, path).body)
                #expect(!html.contains("<script>alert(1)") && !html.contains("<img src=x"), "\(path) shows the markup raw")
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path) should show the text")
            }
        }
    }

    @Test("a company's page lists its people and deals, and what it has bought", arguments: Backend.available)
    func companyPage(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            let company = try await api.create("/api/v1/companies", ["name": "Acme Outillage", "industry": "Tools"])
            let companyID = company.id
            _ = try await api.create("/api/v1/contacts", ["first_name": "Léa", "last_name": "Moreau", "company_id": companyID])
            _ = try await api.create("/api/v1/deals", ["title": "Atelier Nord", "company_id": companyID, "contact_id": try await api.contact(first: "Ana", last: "Lima").id,
                                                       "stage": "won", "amount": 250_000])
            try await browser.signIn("member@example.com")
            let list = String(buffer: try await browser.send(.get, "/companies?q=acm").body)
            #expect(list.contains("/companies/\(companyID)"))
            let page = String(buffer: try await browser.send(.get, "/companies/\(companyID)", headers: [.acceptLanguage: "fr-FR"]).body)
            #expect(page.contains("Léa Moreau") && page.contains("Atelier Nord"))
            #expect(page.contains("2\u{202F}500,00\u{00A0}€"), "the won revenue in French")
            #expect(try await browser.send(.get, "/companies/com_missing").status == .notFound)
        }
    }

    @Test("changing one's password needs the current one and signs one's other browsers out", arguments: Backend.available)
    func passwordChange(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            let other = Browser(api.client)
            try await other.signIn("member@example.com")
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/account")
            let wrong = try await browser.send(.post, "/account/password", form: ["_csrf": browser.csrf, "current": "nope", "new": "a much longer one"])
            #expect(wrong.status == .unprocessableContent)
            let changed = try await browser.send(.post, "/account/password", form: ["_csrf": browser.csrf, "current": Self.password, "new": "a much longer one"])
            #expect(changed.status == .ok)
            #expect(try await browser.send(.get, "/").status == .ok)
            #expect(try await other.send(.get, "/").status == .seeOther, "the other browser is signed out")
            #expect(try await other.signIn("member@example.com").status == .unauthorized)
            #expect(try await other.signIn("member@example.com", password: "a much longer one").status == .seeOther)
        }
    }

    @Test("only admins reach /admin; turning follow-ups off there hides its pages and API, and keeps its data", arguments: Backend.available)
    func adminModules(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            let member = Browser(api.client)
            try await member.signIn("member@example.com")
            #expect(try await member.send(.get, "/admin").status == .forbidden)
            try await browser.signIn("admin@example.com")
            let page = String(buffer: try await browser.send(.get, "/admin").body)
            #expect(page.contains("data-module=\"followups\""))
            #expect(try await browser.send(.post, "/admin/modules/followups/disable", form: ["_csrf": browser.csrf]).status == .seeOther)
            #expect(String(buffer: try await browser.send(.get, "/").body).contains("Turn on the follow-ups module"))
            expectProblem(try await api.send(.get, "/api/v1/tasks"), 404)
            #expect(try await browser.send(.post, "/admin/modules/followups/enable", form: ["_csrf": browser.csrf]).status == .seeOther)
            #expect(String(buffer: try await browser.send(.get, "/").body).contains("id=\"task-form\""))
            let added = try await browser.send(.post, "/admin/users", form: ["_csrf": browser.csrf, "email": "zoe@example.com", "role": "manager",
                                                                           "password": "long enough password"])
            #expect(added.status == .seeOther)
            #expect(try await Browser(api.client).signIn("zoe@example.com", password: "long enough password").status == .seeOther)
        }
    }

    @Test("a deal is added from the pipeline by its contact's e-mail; an unknown e-mail is named in the form", arguments: Backend.available)
    func newDeal(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            _ = try await api.create("/api/v1/contacts", ["first_name": "Léa", "last_name": "Moreau", "email": "lea@acme.fr"])
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/pipeline")
            let fields = ["_csrf": browser.csrf, "title": "Atelier", "amount": "1 200", "stage": "lead", "next_action": "Call",
                          "next_action_at": "2030-01-15T09:30"]
            let unknown = try await browser.send(.post, "/deals", form: fields.merging(["contact_email": "nobody@acme.fr"]) { _, new in new })
            #expect(unknown.status == .unprocessableContent)
            #expect(String(buffer: unknown.body).contains("id=\"error-contact_email\""))
            #expect(try await api.count("deals") == 0)
            let created = try await browser.send(.post, "/deals", form: fields.merging(["contact_email": "lea@acme.fr"]) { _, new in new })
            #expect(created.status == .seeOther, "\(String(buffer: created.body))")
            let deal = try await api.services.database.read { conn in try api.services.deals.list(DealQuery(), conn).items.first }
            #expect(deal?.amount == 120_000 && deal?.nextAction == "Call" && deal?.contactID != nil)
        }
    }

    @Test("an import is previewed with its columns and bad rows, stores nothing until asked, and then only what is valid", arguments: Backend.available)
    func importPage(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            _ = try await api.create("/api/v1/contacts", ["first_name": "Léa", "last_name": "Moreau", "email": "lea@acme.fr"])
            try await browser.signIn("manager@example.com")
            try await browser.send(.get, "/import")
            let csv = "Prénom,Nom,Courriel,Notes\nAna,Lima,ana@acme.fr,x\nBad,Row,not-an-email,y\nLéa,Moreau,lea@acme.fr,z\n"
            let preview = try await browser.send(.post, "/import/preview", form: ["_csrf": browser.csrf, "csv": csv])
            let html = String(buffer: preview.body)
            #expect(preview.status == .ok)
            #expect(html.contains("data-line=\"3\"") && html.contains("data-line=\"4\""), "the bad e-mail and the duplicate, by line")
            #expect(html.contains("<option value=\"first_name\" selected>"), "Prénom is guessed as first_name")
            #expect(try await api.count("contacts") == 1)
            let refused = try await browser.send(.post, "/import", form: ["_csrf": browser.csrf, "csv": csv])
            #expect(refused.status == .unprocessableContent)
            #expect(try await api.count("contacts") == 1)
            let done = try await browser.send(.post, "/import", form: ["_csrf": browser.csrf, "csv": csv, "skip_invalid": "1", "map_3": "source"])
            #expect(done.status == .ok)
            #expect(String(buffer: done.body).contains("id=\"import-done\""))
            #expect(try await api.count("contacts") == 2)
            #expect(try await api.count("contacts", where: "source = 'x'") == 1)
            let reader = Browser(api.client)
            try await reader.signIn("member@example.com")
            #expect(try await reader.send(.get, "/import").status == .forbidden)
        }
    }

    @Test("a move a stage rule refuses answers the fields to fill; sent again with them, the deal moves", arguments: Backend.available)
    func boardMove(backend: Backend) async throws {
        try await Self.with(backend) { browser, api in
            let deal = try await api.deal("Fleet renewal", nextActionAt: api.clock.now.addingTimeInterval(86_400))
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/pipeline")
            let refused = try await browser.send(.post, "/deals/\(deal.id)/move", form: ["stage": "proposal", "version": "\(deal.version)"],
                                                 headers: [PageHeaders.csrf: browser.csrf])
            #expect(refused.status == .unprocessableContent)
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(buffer: refused.body)) as? [String: Any])
            let fields = (answer["fields"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(Set(fields) == ["amount", "expected_close"], "\(answer)")
            let moved = try await browser.send(.post, "/deals/\(deal.id)/move", form: [
                "stage": "proposal", "version": "\(deal.version)", "amount": "12 500,50", "expected_close": "2027-03-31",
                "filter_owner": "usr_nobody",
            ], headers: [PageHeaders.csrf: browser.csrf])
            #expect(moved.status == .ok, "\(String(buffer: moved.body))")
            let totals = try #require(try JSONSerialization.jsonObject(with: Data(buffer: moved.body)) as? [String: Any])["columns"] as? [String: [String: Any]]
            #expect(totals?["proposal"]?["count"] as? Int == 0, "the totals follow the board's owner filter")
            let stored = try await api.services.database.read { conn in try api.services.deals.get(deal.id, conn) }
            #expect(stored.stage == "proposal" && stored.amount == 1_250_050 && stored.expectedClose?.description == "2027-03-31")
            let stale = try await browser.send(.post, "/deals/\(deal.id)/move", form: ["stage": "lead", "version": "\(deal.version)"],
                                               headers: [PageHeaders.csrf: browser.csrf])
            #expect(stale.status == .conflict)
        }
    }
}

/// The header the pages' scripts send their CSRF token in.
enum PageHeaders {
    static let csrf = HTTPField.Name("X-CSRF-Token")!
}
