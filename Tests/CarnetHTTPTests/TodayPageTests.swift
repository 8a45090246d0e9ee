import CarnetCore
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Today's forms over HTTP: a deal's next action typed in words, and the quick-add task.
@Suite("Today page")
struct TodayPageTests {
    @Test("a late deal's next action is planned from Today in words; a phrase that says only when is refused and stores nothing", arguments: Backend.available)
    func planNextAction(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let member = try #require(try await api.services.database.read { conn in try api.services.users.find(email: "member@example.com", conn) })
            let deal = try await api.deal("Fleet renewal", ownerID: member.id, nextActionAt: api.clock.now.addingTimeInterval(-3 * 86_400))
            try await browser.signIn("member@example.com")
            let form = #"action="/deals/\#(deal.id)/next-action""#
            #expect(String(buffer: try await browser.send(.get, "/").body).contains(form))

            let refused = try await browser.send(.post, "/deals/\(deal.id)/next-action", form: ["_csrf": browser.csrf, "text": "tomorrow"])
            #expect(refused.status == .unprocessableContent)
            #expect(String(buffer: refused.body).contains("say what to do, not only when"))
            let unchanged = try await api.services.database.read { conn in try api.services.deals.get(deal.id, conn) }
            #expect(unchanged.nextAction == "Call back" && unchanged.version == deal.version)

            let planned = try await browser.send(.post, "/deals/\(deal.id)/next-action", form: ["_csrf": browser.csrf, "text": "send the proposal tomorrow 10:00"])
            #expect(planned.status == .seeOther && planned.headers[.location] == "/")
            let stored = try await api.services.database.read { conn in try api.services.deals.get(deal.id, conn) }
            #expect(stored.nextAction == "send the proposal")
            let due = try #require(stored.nextActionAt)
            #expect(due > api.clock.now && due < api.clock.now.addingTimeInterval(2 * 86_400))
            #expect(!String(buffer: try await browser.send(.get, "/").body).contains(form), "a deal planned ahead leaves Today")
        }
    }

    @Test("the quick-add task comes back to the page it was sent from, never to another site; a phrase Carnet cannot read shows on Today with what was typed",
          arguments: Backend.available)
    func quickAdd(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            try await browser.signIn("member@example.com")
            try await browser.send(.get, "/pipeline")
            for (back, expected) in [("/pipeline?owner=usr_1", "/pipeline?owner=usr_1"), ("/\t/evil.example", "/"), ("https://evil.example", "/"), ("/\\evil.example", "/")] {
                let added = try await browser.send(.post, "/tasks", form: ["_csrf": browser.csrf, "text": "call Ana tomorrow 9:00", "back": back])
                #expect(added.status == .seeOther && added.headers[.location] == expected, "back \(back)")
            }
            #expect(try await api.count("tasks") == 4)
            let refused = try await browser.send(.post, "/tasks", form: ["_csrf": browser.csrf, "text": "call Ana 31/02", "back": "/pipeline"])
            #expect(refused.status == .unprocessableContent)
            let page = String(buffer: refused.body)
            #expect(page.contains("is not a date that exists") && page.contains(#"value="call Ana 31"#), "\(page)")
            #expect(try await api.count("tasks") == 4)
            let spoofed = String(buffer: try await browser.send(.get, "/?error=Your+account+is+locked").body)
            #expect(!spoofed.contains("Your account is locked"), "Today shows no text taken from its address")
        }
    }
}

extension TodayPageTests {
    @Test("a note typed in the quick-add dialog lands on the contact named by e-mail and comes back; an unknown e-mail is a 422 naming it",
          arguments: Backend.available)
    func quickNote(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            var patch = ContactPatch()
            patch.firstName = "Ana"
            patch.email = "ana@lima.example"
            let input = patch
            let contact = try await api.services.database.write { conn in try api.services.contacts.create(input, actor: .system, conn) }
            try await browser.signIn("member@example.com")
            let card = String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body)
            #expect(card.contains(#"name="contact_email" type="email" value="ana@lima.example""#), "the card's contact is the note's by default")
            let added = try await browser.send(.post, "/notes", form: ["_csrf": browser.csrf, "contact_email": "ana@lima.example",
                                                                      "body": "Met at the fair", "back": "/pipeline"])
            #expect(added.status == .seeOther && added.headers[.location] == "/pipeline")
            let notes = try await api.services.database.read { conn in try api.services.activities.list(ActivityQuery(contactID: contact.id, limit: 10), conn).items }
            #expect(notes.map(\.body) == ["Met at the fair"] && notes.first?.kind == .note)
            let refused = try await browser.send(.post, "/notes", form: ["_csrf": browser.csrf, "contact_email": "nobody@example.com", "body": "Lost"])
            #expect(refused.status == .unprocessableContent && String(buffer: refused.body).contains("contact_email: no contact has this e-mail"))
            #expect(try await api.count("activities") == 1)
        }
    }
}
