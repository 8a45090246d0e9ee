import CarnetCore
import CarnetHTTP
import CarnetSegments
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("Segments and campaigns over HTTP")
struct SegmentsAPITests {
    static let settings = SegmentsSettings(campaignRatePerMinute: 100, tracking: true, publicURL: "https://crm.example.com")
    static let catalog = ModuleCatalog([SegmentsModule(settings: settings)])

    static var config: CarnetConfig {
        var config = API.config
        config.segments = settings
        return config
    }

    /// A contact who agreed to campaign mail, in a region.
    func subscriber(_ api: API, _ first: String, region: String, optIn: Bool = true) async throws -> Contact {
        var patch = ContactPatch()
        patch.firstName = first
        patch.lastName = "Durand"
        patch.email = "\(first)@example.com"
        patch.region = region
        patch.emailOptIn = optIn
        let input = patch
        api.clock.advance(by: 1)
        return try await api.services.database.write { [contacts = api.services.contacts] conn in try contacts.create(input, actor: .system, conn) }
    }

    /// The recipient token in the campaign mail queued for `contact` (its unsubscribe address ends with it).
    func token(_ api: API, _ contact: Contact) async throws -> String {
        let payload = try await api.services.database.read { conn in
            try conn.queryOne("SELECT payload FROM jobs WHERE kind = 'segments.mail' AND payload LIKE ?", [.text("%\(contact.id)%")])?.string("payload")
        }
        let text = try #require(payload)
        let start = try #require(text.range(of: "https://crm.example.com/u/"))
        return String(text[start.upperBound...].prefix { $0 != ">" && $0 != "\"" && $0 != "\\" })
    }

    @Test("segments are saved, previewed and counted; a campaign to them is sent, unsubscribed from, opened and clicked", arguments: Backend.available)
    func flow(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["segments"], config: Self.config) { api in
            let lea = try await subscriber(api, "lea", region: "Bretagne")
            _ = try await subscriber(api, "max", region: "Bretagne", optIn: false)
            _ = try await subscriber(api, "noe", region: "Alsace")
            let filter: [String: Any] = ["all": [["field": "region", "op": "eq", "value": "Bretagne"]]]

            let preview = try await api.send(.post, "/api/v1/segments/preview", as: .role(.readonly), json: ["filter": filter])
            #expect(preview.code == 200, "\(preview.text)")
            #expect(preview.json["count"] as? Int == 2)
            #expect((preview.json["sample"] as? [[String: Any]])?.count == 2)
            expectProblem(try await api.send(.post, "/api/v1/segments/preview", as: .role(.readonly),
                                             json: ["filter": ["all": [["field": "region", "op": "eq", "value": "x"], ["field": "regoin", "op": "eq", "value": "x"]]]]),
                          422, fields: ["filter.all[1].field"])

            let segment = try await api.create("/api/v1/segments", ["name": "Bretagne", "filter": filter])
            let segmentID = try #require(segment.string("id"))
            #expect(try await api.send(.get, "/api/v1/segments/\(segmentID)/count", as: .role(.readonly)).json["count"] as? Int == 2)
            let members = try await api.send(.get, "/api/v1/segments/\(segmentID)/contacts?limit=1", as: .role(.readonly))
            #expect((members.json["items"] as? [[String: Any]])?.count == 1 && members.json["next_cursor"] is String, "\(members.text)")
            expectProblem(try await api.send(.patch, "/api/v1/segments/\(segmentID)", as: .role(.member), json: ["name": "B"], headers: [.ifMatch: "7"]), 409)

            expectProblem(try await api.send(.post, "/api/v1/campaigns", as: .role(.member),
                                             json: ["name": "News", "segment_id": segmentID, "subject": "Hi", "body": "Hello {{contact.nickname}}"]),
                          422, fields: ["body"])
            let campaign = try await api.create("/api/v1/campaigns", ["name": "News", "segment_id": segmentID, "subject": "Hi {{contact.first_name}}",
                                                                     "body": "Read https://example.com/spring today.", "language": "fr"])
            let campaignID = try #require(campaign.string("id"))
            let shown = try await api.send(.post, "/api/v1/campaigns/\(campaignID)/preview", as: .role(.readonly), json: ["contact_id": lea.id])
            #expect(shown.string("subject") == "Hi lea", "\(shown.text)")
            #expect(shown.string("text")?.contains("Pour vous désabonner : https://crm.example.com/u/example") == true)
            let test = try await api.send(.post, "/api/v1/campaigns/\(campaignID)/test", as: .role(.member), json: ["to": "boss@example.com"])
            #expect(test.code == 202 && test.string("job_id") != nil, "\(test.text)")
            expectProblem(try await api.send(.post, "/api/v1/campaigns/\(campaignID)/schedule", as: .role(.member), json: [:]), 403)
            let scheduled = try await api.send(.post, "/api/v1/campaigns/\(campaignID)/schedule", as: .role(.manager), json: [:])
            #expect(scheduled.string("status") == "scheduled", "\(scheduled.text)")

            try await api.services.database.write { [services = api.services] conn in
                try CampaignSender(context: services.context, jobs: services.jobs, settings: Self.settings, mail: API.config.mail).run(campaignID: campaignID, conn)
            }
            let report = try await api.send(.get, "/api/v1/campaigns/\(campaignID)/report", as: .role(.readonly))
            #expect(report.json["recipients"] as? Int == 2)
            #expect((report.json["by_status"] as? [String: Int])?["queued"] == 1 && (report.json["by_status"] as? [String: Int])?["skipped_no_consent"] == 1,
                    "\(report.text)")

            let token = try await token(api, lea)
            let page = try await api.send(.get, "/u/\(token)", as: .anonymous)
            #expect(page.code == 200 && page.contentType == "text/html; charset=utf-8")
            #expect(page.text.contains("<html lang=\"fr\">") && page.text.contains("Ne plus envoyer d’e-mails de campagne à lea@example.com ?"))
            #expect(page.text.contains("<form method=\"post\" action=\"/u/\(token)\">"))
            // A forged token: the last character changed (to one it is not).
            expectProblem(try await api.send(.get, "/u/\(token.dropLast())\(token.hasSuffix("0") ? "1" : "0")", as: .anonymous), 404)
            expectProblem(try await api.send(.get, "/u/%3Cscript%3E.x", as: .anonymous), 404)

            let oneClick = try await api.send(.post, "/u/\(token)", as: .anonymous, body: "List-Unsubscribe=One-Click",
                                              headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(oneClick.code == 200 && oneClick.text.contains("lea@example.com ne recevra plus nos e-mails de campagne."))
            #expect(try await api.count("campaign_unsubscribes", where: "contact_id = '\(lea.id)'") == 1)

            let pixel = try await api.send(.get, "/t/o/\(token).gif", as: .anonymous)
            #expect(pixel.code == 200 && pixel.contentType == "image/gif")
            let click = try await api.send(.get, "/t/c/\(token)?u=https%3A%2F%2Fexample.com%2Fspring", as: .anonymous)
            #expect(click.status == .found && click.headers[.location] == "https://example.com/spring")
            // Never an open redirect: only an address written in the campaign.
            expectProblem(try await api.send(.get, "/t/c/\(token)?u=https%3A%2F%2Fevil.example%2F", as: .anonymous), 404)
            expectProblem(try await api.send(.get, "/t/c/\(token)", as: .anonymous), 422, fields: ["u"])

            let after = try await api.send(.get, "/api/v1/campaigns/\(campaignID)/report", as: .role(.readonly))
            #expect(after.json["opened"] as? Int == 1 && after.json["opens"] as? Int == 1)
            #expect(after.json["clicked"] as? Int == 1 && after.json["clicks"] as? Int == 1)
            #expect(after.json["unsubscribed"] as? Int == 1)
            let events = try await api.services.database.read { [changes = api.services.changes] conn in try changes.events(entity: "contact", id: lea.id, conn) }
            #expect(Set(events.map(\.type)).isSuperset(of: ["campaign.unsubscribed", "campaign.email_opened", "campaign.email_clicked"]))
        }
    }

    @Test("with the module off its routes and public addresses are 404", arguments: Backend.available)
    func disabled(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: [], config: Self.config) { api in
            expectProblem(try await api.send(.get, "/api/v1/segments", as: .role(.admin)), 404)
            expectProblem(try await api.send(.post, "/api/v1/segments/preview", as: .role(.admin), json: ["filter": ["all": []]]), 404)
            expectProblem(try await api.send(.get, "/u/rcp_x.00", as: .anonymous), 404)
            expectProblem(try await api.send(.post, "/u/rcp_x.00", as: .anonymous), 404)
            expectProblem(try await api.send(.get, "/t/o/rcp_x.00.gif", as: .anonymous), 404)
        }
    }
}
