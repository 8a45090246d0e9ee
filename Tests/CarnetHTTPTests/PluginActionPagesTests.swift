import CarnetCore
import CarnetScripting
import CarnetStore
import CarnetTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The plugins' action buttons on the record pages, run by the same host as the API.
@Suite("Plugin action buttons")
struct PluginActionPagesTests {
    /// A plugin whose `flag` action on deals sets their next action and answers "flagged".
    static func writeFlagPlugin(in directory: URL) throws {
        try PluginSource("flagger", permissions: ["read:deals", "write:deals"], extra: """
            [[actions]]
            name = "flag"
            function = "flag"
            label = "Flag for review"
            label_fr = "Signaler pour revue"
            where = "deal"
            """, main: """
            function flag(deal, input)
              crm.deals.update(deal.id, { next_action = "Review <b>now</b>" })
              return "flagged"
            end
            """).write(to: directory)
    }

    @Test("a deal's page shows the running plugins' buttons for deals in the reader's language; a click runs the action as the user",
          arguments: Backend.available)
    func dealButton(backend: Backend) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-action-plugins-\(UUID().uuidString)", isDirectory: true)
        try Self.writeFlagPlugin(in: directory)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await AdminPagesTests.with(backend, plugins: directory) { browser, api in
            let deal = try await api.deal("Fleet renewal", nextActionAt: api.clock.now.addingTimeInterval(86_400))
            try await browser.signIn("admin@example.com")
            #expect(!String(buffer: try await browser.send(.get, "/deals/\(deal.id)").body).contains("Flag for review"), "no button while the plugin is off")
            try await browser.send(.get, "/admin/plugins")
            let enabled = try await browser.send(.post, "/admin/plugins/flagger/enable", form: ["_csrf": browser.csrf])
            #expect(enabled.status == .seeOther, "\(String(buffer: enabled.body).firstMatch(of: /<main.*/.dotMatchesNewlines()).map { String($0.0.prefix(1500)) } ?? "")")

            let page = String(buffer: try await browser.send(.get, "/deals/\(deal.id)").body)
            #expect(page.contains(#"action="/plugins/flagger/actions/flag""#) && page.contains("Flag for review"))
            _ = try await api.services.database.write { conn in try conn.execute("UPDATE users SET locale = 'fr' WHERE email = 'admin@example.com'") }
            #expect(String(buffer: try await browser.send(.get, "/deals/\(deal.id)").body).contains("Signaler pour revue"))
            _ = try await api.services.database.write { conn in try conn.execute("UPDATE users SET locale = 'en' WHERE email = 'admin@example.com'") }
            let json = try await browser.send(.post, "/plugins/flagger/actions/flag", form: ["_csrf": browser.csrf, "target_id": deal.id],
                                              headers: [.accept: "application/json"])
            #expect(json.status == .ok && String(buffer: json.body).contains("Flag for review: flagged"))
            let stored = try await api.services.database.read { conn in try api.services.deals.get(deal.id, conn) }
            #expect(stored.nextAction == "Review <b>now</b>")
            #expect(!String(buffer: try await browser.send(.get, "/deals/\(deal.id)").body).contains("<b>now</b>"), "what a plugin writes is escaped too")

            let plain = try await browser.send(.post, "/plugins/flagger/actions/flag", form: ["_csrf": browser.csrf, "target_id": deal.id, "back": "/deals/\(deal.id)"])
            #expect(plain.status == .seeOther && plain.headers[.location] == "/deals/\(deal.id)")
            let missing = try await browser.send(.post, "/plugins/flagger/actions/flag", form: ["_csrf": browser.csrf, "target_id": "deal_nobody"],
                                                 headers: [.accept: "application/json"])
            #expect(missing.status == .notFound && String(buffer: missing.body).contains("message"))

            let reader = WebPagesTests.Browser(api.client)
            try await reader.signIn("readonly@example.com")
            try await reader.send(.get, "/deals/\(deal.id)")
            #expect(try await reader.send(.post, "/plugins/flagger/actions/flag", form: ["_csrf": reader.csrf, "target_id": deal.id]).status == .forbidden)
        }
    }
}
