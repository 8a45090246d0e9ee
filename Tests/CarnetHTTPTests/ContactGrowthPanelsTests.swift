import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetLeadScoring
import CarnetNurturing
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("The contact card's lead score and sequences")
struct ContactGrowthPanelsTests {
    static let catalog = ModuleCatalog([SegmentsModule(), FollowUpsModule(), NurturingModule(), LeadScoringModule()])

    @Test("the card shows the score and why, and enrolls in a sequence, shows where it is, stops it; a refusal is shown on the card",
          arguments: Backend.available)
    func panels(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["segments", "followups", "nurturing", "leadscoring"]) { api in
            let hash = try Credentials.hashPassword(WebPagesTests.password)
            _ = try await api.services.database.write { conn in try conn.execute("UPDATE users SET password_hash = ?", [.text(hash)]) }
            let browser = WebPagesTests.Browser(api.client)
            let contact = try await api.send(.post, "/api/v1/contacts", as: .role(.member), json: ["first_name": "Ana", "last_name": "Roux", "title": "CEO"])
            let contactID = contact.id
            _ = try await RecomputeService(database: api.services.database, context: api.services.context, settings: LeadScoringSettings(),
                                           jobs: api.services.jobs).recomputeAll()
            let sequence = try await api.send(.post, "/api/v1/sequences", as: .role(.manager), json: [
                "name": "Keep warm", "trigger": ["kind": "manual"],
                "steps": [["kind": "wait", "days": 2], ["kind": "email", "subject": "Hello", "body": "Hi"], ["kind": "tag", "tag": "warm"]],
            ])
            let sequenceID = sequence.id
            try await browser.signIn("member@example.com")

            var card = String(buffer: try await browser.send(.get, "/contacts/\(contactID)").body)
            #expect(card.contains(#"id="score-value">15<"#), "\(card)")
            #expect(card.contains("Senior title") && card.contains("+15"))
            #expect(card.contains(#"<option value="\#(sequenceID)">Keep warm</option>"#))
            #expect(card.contains("In no sequence."))

            let enrolled = try await browser.send(.post, "/contacts/\(contactID)/sequences", form: ["_csrf": browser.csrf, "sequence_id": sequenceID])
            #expect(enrolled.status == .seeOther && enrolled.headers[.location] == "/contacts/\(contactID)#sequences")
            card = String(buffer: try await browser.send(.get, "/contacts/\(contactID)").body)
            // The server's job worker may have run the first step (the wait) already.
            let state = card.range(of: #"step [12] of 3, next on"#, options: .regularExpression)
            #expect(card.contains("Keep warm") && state != nil, "\(card.components(separatedBy: "id=\"sequences\"").last?.prefix(900) ?? "")")
            #expect(!card.contains(#"id="enroll-form""#), "no sequence left to enroll in")
            let enrollment = try #require(try await api.services.database.read { conn in
                try conn.queryOne("SELECT id FROM nurture_enrollments WHERE contact_id = ?", [.text(contactID)])?.string("id")
            })
            let stopped = try await browser.send(.post, "/enrollments/\(enrollment)/stop", form: ["_csrf": browser.csrf])
            #expect(stopped.status == .seeOther)
            card = String(buffer: try await browser.send(.get, "/contacts/\(contactID)").body)
            #expect(card.contains("stopped: stopped by hand"))
            let again = try await browser.send(.post, "/enrollments/\(enrollment)/stop", form: ["_csrf": browser.csrf])
            #expect(again.status == .unprocessableContent && String(buffer: again.body).contains("only an active one can be stopped"))

            let twice = try await browser.send(.post, "/contacts/\(contactID)/sequences", form: ["_csrf": browser.csrf, "sequence_id": sequenceID])
            #expect(twice.status == .unprocessableContent, "enrolled before")
            let reader = WebPagesTests.Browser(api.client)
            try await reader.signIn("readonly@example.com")
            card = String(buffer: try await reader.send(.get, "/contacts/\(contactID)").body)
            #expect(!card.contains("stop-enrollment") && card.contains("Lead score"))
            let refused = try await reader.send(.post, "/contacts/\(contactID)/sequences", form: ["_csrf": reader.csrf, "sequence_id": sequenceID])
            #expect(refused.status == .forbidden, "\(refused.status) \(String(buffer: refused.body))")
        }
    }

    @Test("without the modules the card has neither panel", arguments: Backend.available)
    func modulesOff(backend: Backend) async throws {
        try await WebPagesTests.with(backend) { browser, api in
            let contact = try await api.contact(first: "Ana", last: "Roux")
            try await browser.signIn("member@example.com")
            let card = String(buffer: try await browser.send(.get, "/contacts/\(contact.id)").body)
            #expect(card.contains("Ana Roux") && !card.contains("Lead score") && !card.contains(#"id="sequences""#))
        }
    }
}
