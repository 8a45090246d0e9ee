import CarnetCore
import CarnetHTTP
import CarnetMail
import CarnetStore
import CarnetTestSupport
import CarnetTickets
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Satisfaction survey page")
struct SatisfactionPagesTests {
    /// A resolved ticket whose survey was sent; the token of its link.
    static func surveyed(_ api: API) async throws -> (ticketID: String, token: String) {
        let contact = try await api.create("/api/v1/contacts", ["first_name": "Éloïse", "last_name": "Martin", "email": "eloise@example.fr"])
        let ticket = try await api.create("/api/v1/tickets", ["subject": "Charnière cassée", "contact_id": contact.id])
        let resolved = try await api.send(.patch, "/api/v1/tickets/\(ticket.id)", json: ["status": "resolved"])
        #expect(resolved.code == 200, "\(resolved.text)")
        let services = api.services
        let surveys = SatisfactionService(context: services.context, settings: TicketsSettings(), mail: MailQueue(jobs: services.jobs, settings: MailSettings()))
        let token = try await services.database.write { conn in
            let event = try conn.query("SELECT * FROM events WHERE type = 'ticket.status_changed' ORDER BY seq", []).map(ChangeLog.event).last
            #expect(try surveys.send(ticketID: ticket.id, eventID: event?.id ?? "", conn))
            let job = try conn.queryOne("SELECT id FROM jobs WHERE kind = ?", [.text(MailQueue.kind)])?.string("id") ?? ""
            let text = try MailMessage(payload: services.jobs.get(job, conn).payload).text
            let link = try #require(text.range(of: #"/rate/rate_[A-Za-z0-9_-]+"#, options: .regularExpression))
            return String(text[link].dropFirst("/rate/".count))
        }
        return (ticket.id, token)
    }

    @Test("the link opens the page with its score chosen, in the browser's language; one send records it, a second is refused",
          arguments: Backend.available)
    func ratePage(backend: Backend) async throws {
        try await API.with(backend, catalog: ModuleCatalog([TicketsModule()]), enabledModules: ["tickets"]) { api in
            let (ticketID, token) = try await Self.surveyed(api)
            let browser = WebPagesTests.Browser(api.client)
            let page = try await browser.send(.get, "/rate/\(token)?score=4", headers: [.acceptLanguage: "fr-FR,fr;q=0.9"])
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains(#"value="4" checked"#) && !html.contains(#"value="5" checked"#))
            #expect(html.contains("Votre avis") && html.contains("T-2026-00001"))
            #expect(html.contains("4 — satisfait") && html.contains("1 — très insatisfait"))
            #expect(try await api.send(.get, "/api/v1/tickets/\(ticketID)").json["satisfaction_score"] is NSNull)

            let bad = try await browser.send(.post, "/rate/\(token)", form: ["score": "9"])
            #expect(bad.status == .unprocessableContent)
            #expect(String(buffer: bad.body).contains("choose a rating from 1"))
            let sent = try await browser.send(.post, "/rate/\(token)", form: ["score": "5", "comment": "<script>alert(1)</script> merci"])
            #expect(sent.status == .ok)
            #expect(String(buffer: sent.body).contains("Thank you"))
            let ticket = try await api.send(.get, "/api/v1/tickets/\(ticketID)")
            #expect(ticket.json["satisfaction_score"] as? Int == 5)
            #expect(ticket.string("satisfaction_comment") == "<script>alert(1)</script> merci")
            #expect(ticket.string("rated_at") != nil)

            #expect(try await browser.send(.post, "/rate/\(token)", form: ["score": "1"]).status == .conflict)
            let again = try await browser.send(.get, "/rate/\(token)?score=1")
            #expect(again.status == .ok && !String(buffer: again.body).contains("rate-form"))
            #expect(try await browser.send(.get, "/rate/rate_unknown?score=3").status == .notFound)
            let unknown = try await browser.send(.post, "/rate/rate_unknown", form: ["score": "9"])
            #expect(unknown.status == .notFound && unknown.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await api.send(.get, "/api/v1/tickets/\(ticketID)").json["satisfaction_score"] as? Int == 5)

            #expect(try await api.send(.post, "/api/v1/modules/tickets/disable", as: .role(.admin)).code == 200)
            #expect(try await browser.send(.get, "/rate/\(token)?score=3").status == .notFound)
        }
    }
}
