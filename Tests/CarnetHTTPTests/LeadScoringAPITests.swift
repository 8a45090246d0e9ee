import CarnetCore
import CarnetHTTP
import CarnetLeadScoring
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("Lead scoring over HTTP")
struct LeadScoringAPITests {
    static let catalog = ModuleCatalog([LeadScoringModule()])

    /// A contact with a title, created through the services.
    static func contact(_ api: API, _ last: String, title: String) async throws -> Contact {
        let patch = try CarnetJSON.decoder.decode(ContactPatch.self, from: Data(#"{"last_name":"\#(last)","title":"\#(title)"}"#.utf8))
        return try await api.services.database.write { [contacts = api.services.contacts] conn in try contacts.create(patch, actor: .system, conn) }
    }

    /// Scores every contact, as the recompute job queued by a model change does.
    static func recompute(_ api: API) async throws {
        _ = try await RecomputeService(database: api.services.database, context: api.services.context, settings: LeadScoringSettings(), jobs: api.services.jobs).recomputeAll()
    }

    /// Buyers +80 (hot), CEOs +45 (warm).
    static var model: [String: Any] { [
        "thresholds": ["warm": 40, "hot": 70],
        "fit": [["id": "buyer", "label": "Buyer", "field": "title", "values": ["buyer"], "points": 80],
                ["id": "ceo", "label": "Chief executive", "field": "title", "values": ["ceo"], "points": 45]],
    ] }

    @Test("a contact's score sits beside the contact; the list pages hottest first and filters by band", arguments: Backend.available)
    func scores(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["leadscoring"]) { api in
            let ceo = try await Self.contact(api, "Durand", title: "CEO")
            let buyer = try await Self.contact(api, "Petit", title: "Head buyer")
            let clerk = try await Self.contact(api, "Roux", title: "Clerk")
            try await Self.recompute(api)
            #expect(try await api.send(.get, "/api/v1/contacts/\(ceo.id)", as: .role(.readonly)).string("id") == ceo.id)
            let score = try await api.send(.get, "/api/v1/contacts/\(ceo.id)/score", as: .role(.readonly))
            #expect(score.code == 200, "\(score.text)")
            #expect(score.json["score"] as? Int == 15)
            #expect(score.string("band") == "cold")
            let items = try #require(score.json["explanation"] as? [[String: Any]])
            #expect(items.count == 1)
            #expect(items.first?["rule"] as? String == "senior_title")
            #expect(items.first?["points"] as? Int == 15)
            #expect(items.first?["detail"] as? String == "title “CEO” contains “ceo”")
            let french = try await api.send(.get, "/api/v1/contacts/\(ceo.id)/score?lang=fr")
            #expect(((french.json["explanation"] as? [[String: Any]])?.first?["detail"] as? String) == "la fonction « CEO » contient « ceo »")
            expectProblem(try await api.send(.get, "/api/v1/contacts/con_nobody/score"), 404)

            let saved = try await api.send(.put, "/api/v1/scoring/model", as: .role(.manager), json: Self.model)
            #expect(saved.code == 200, "\(saved.text)")
            #expect(saved.json["version"] as? Int == 1)
            try await Self.recompute(api)
            let hot = try await api.send(.get, "/api/v1/scoring/scores?band=hot")
            #expect(hot.items.map { $0["contact_id"] as? String } == [buyer.id])
            let first = try await api.send(.get, "/api/v1/scoring/scores?limit=2")
            #expect(first.items.map { $0["score"] as? Int } == [80, 45])
            let cursor = try #require(first.string("next_cursor"))
            let second = try await api.send(.get, "/api/v1/scoring/scores?limit=2&cursor=\(cursor)")
            #expect(second.items.map { $0["contact_id"] as? String } == [clerk.id])
            #expect(second.json["next_cursor"] is NSNull)
            expectProblem(try await api.send(.get, "/api/v1/scoring/scores?band=lukewarm"), 422, fields: ["band"])
            expectProblem(try await api.send(.get, "/api/v1/scoring/scores?lang=de"), 422, fields: ["lang"])
        }
    }

    @Test("the model is read back as saved; bad rules are 422s naming each member, a stale version 409, a member 403", arguments: Backend.available)
    func model(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["leadscoring"]) { api in
            let builtIn = try await api.send(.get, "/api/v1/scoring/model", as: .role(.readonly))
            #expect(builtIn.json["version"] as? Int == 0)
            #expect((builtIn.json["fit"] as? [[String: Any]])?.count == 2)
            // What GET answers can be sent back as it is.
            var document = builtIn.json
            document["updated_at"] = nil
            let resent = try await api.send(.put, "/api/v1/scoring/model", json: document)
            #expect(resent.code == 200, "\(resent.text)")
            #expect(resent.json["version"] as? Int == 1)
            let bad: [String: Any] = [
                "thresholds": ["warm": 70, "hot": 40],
                "fit": [["id": "shoe", "label": "Shoe size", "field": "shoe_size", "values": ["44"], "points": 10]],
                "engagement": [["id": "forms", "label": "Forms", "signal": "form_submitted", "points": 500, "half_life_days": 30]],
            ]
            let refused = try await api.send(.put, "/api/v1/scoring/model?lang=fr", as: .role(.manager), json: bad)
            expectProblem(refused, 422, fields: ["thresholds.hot", "fit[0].field", "engagement[0].points"])
            #expect(refused.text.contains("champs connus"))
            expectProblem(try await api.send(.put, "/api/v1/scoring/model", json: ["fit": []]), 422, fields: ["thresholds"])
            expectProblem(try await api.send(.put, "/api/v1/scoring/model", json: Self.model, headers: [.ifMatch: "0"]), 409)
            expectProblem(try await api.send(.put, "/api/v1/scoring/model", as: .role(.member), json: Self.model), 403)
            let stale = Self.model.merging(["version": 0]) { _, new in new }
            expectProblem(try await api.send(.put, "/api/v1/scoring/model", json: stale), 409)
            #expect(try await api.send(.get, "/api/v1/scoring/model").json["version"] as? Int == 1)
            let backtest = try await api.send(.get, "/api/v1/scoring/backtest?months=6", as: .role(.manager))
            #expect(backtest.code == 200, "\(backtest.text)")
            #expect(backtest.json["deals"] as? Int == 0)
            #expect(backtest.json["auc"] is NSNull)
            expectProblem(try await api.send(.get, "/api/v1/scoring/backtest?months=0"), 422, fields: ["months"])
            expectProblem(try await api.send(.get, "/api/v1/scoring/backtest", as: .role(.member)), 403)
        }
    }

    @Test("with the module off its routes are 404 naming it, and the scores come back when it is on again", arguments: Backend.available)
    func disabled(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["leadscoring"]) { api in
            let ceo = try await Self.contact(api, "Durand", title: "CEO")
            try await Self.recompute(api)
            #expect(try await api.send(.post, "/api/v1/modules/leadscoring/disable").code == 200)
            for path in ["/api/v1/contacts/\(ceo.id)/score", "/api/v1/scoring/scores", "/api/v1/scoring/model", "/api/v1/scoring/backtest"] {
                let answer = try await api.send(.get, path)
                expectProblem(answer, 404, typeSuffix: "module-disabled")
                #expect(answer.text.contains("leadscoring"))
            }
            #expect(try await api.send(.get, "/api/v1/contacts/\(ceo.id)").code == 200)
            #expect(try await api.count("lead_scores") == 1)
            #expect(try await api.send(.post, "/api/v1/modules/leadscoring/enable").code == 200)
            #expect(try await api.send(.get, "/api/v1/contacts/\(ceo.id)/score").json["score"] as? Int == 15)
        }
    }
}
