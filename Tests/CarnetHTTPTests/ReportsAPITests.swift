import CarnetCore
import CarnetHTTP
import CarnetReports
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("Reports over HTTP")
struct ReportsAPITests {
    static let catalog = ModuleCatalog([ReportsModule()])
    static let routes = ["/api/v1/reports/forecast", "/api/v1/reports/funnel", "/api/v1/reports/losses", "/api/v1/reports/adoption",
                         "/api/v1/reports/missing-fields"]

    /// One open deal of 1,000.00 EUR in proposal, closing in the clock's month, owned by the member.
    static func openDeal(_ api: API) async throws -> (Deal, String) {
        let month = String(Timestamp.format(api.clock.now).prefix(7))
        let contact = try await api.contact(first: "Ana", last: "Lima")
        var patch = DealPatch()
        patch.title = "Fleet, renewal"
        patch.contactID = contact.id
        patch.ownerID = api.users[.member]?.id
        patch.amount = 100_000
        patch.expectedClose = LocalDate(month + "-28")
        patch.stage = "proposal"
        let input = patch
        let deal = try await api.services.database.write { [deals = api.services.deals] conn in try deals.create(input, actor: .system, conn) }
        return (deal, month)
    }

    @Test("every report answers JSON to every role, and CSV with a header row on ?format=csv or Accept: text/csv", arguments: Backend.available)
    func formats(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["reports"]) { api in
            let (deal, month) = try await Self.openDeal(api)
            for path in Self.routes {
                for role in Role.allCases {
                    let answer = try await api.send(.get, path, as: .role(role))
                    #expect(answer.code == 200, "\(role) \(path): \(answer.text)")
                    #expect(answer.contentType == "application/json")
                }
                let csv = try await api.send(.get, path + "?format=csv", as: .role(.readonly))
                #expect(csv.code == 200, "\(path): \(csv.text)")
                #expect(csv.contentType == "text/csv; charset=utf-8")
                #expect(csv.headers[.contentDisposition]?.hasSuffix(".csv\"") == true)
                #expect(csv.text.hasSuffix("\r\n"))
                let accepted = try await api.send(.get, path, as: .role(.member), headers: [.accept: "text/csv"])
                #expect(accepted.contentType == "text/csv; charset=utf-8")
                #expect(accepted.text.split(separator: "\r\n").first == csv.text.split(separator: "\r\n").first)
            }
            let forecast = try await api.send(.get, "/api/v1/reports/forecast?from=\(month)&to=\(month)")
            let months = try #require(forecast.json["by_month"] as? [[String: Any]])
            #expect(months.count == 1)
            #expect(months.first?["month"] as? String == month)
            #expect(months.first?["weighted"] as? Int == 60_000)
            let csv = try await api.send(.get, "/api/v1/reports/forecast?from=\(month)&to=\(month)&format=csv")
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "group,key,currency,deals,amount,weighted,committed_deals,committed_amount,committed_weighted,history_weighted,won_deals,won,title,stage,missing")
            #expect(lines.contains("month,\(month),EUR,1,100000,60000,0,0,0,60000,,,,,"))
            #expect(lines.contains("owner,\(deal.ownerID ?? ""),EUR,1,100000,60000,0,0,0,60000,,,,,"))
        }
    }

    @Test("bad periods, weeks, formats and unknown filters are 422s naming the parameter", arguments: Backend.available)
    func badInput(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["reports"]) { api in
            let cases: [(String, String)] = [
                ("/api/v1/reports/forecast?from=2026-05&to=2026-04", "to"),
                ("/api/v1/reports/funnel?from=2020-01&to=2025-02", "to"),
                ("/api/v1/reports/losses?from=2026-13", "from"),
                ("/api/v1/reports/funnel?to=May", "to"),
                ("/api/v1/reports/forecast?owner=usr_nobody", "owner"),
                ("/api/v1/reports/funnel?owner=usr_nobody", "owner"),
                ("/api/v1/reports/adoption?owner=usr_nobody", "owner"),
                ("/api/v1/reports/forecast?pipeline=enterprise", "pipeline"),
                ("/api/v1/reports/losses?pipeline=enterprise", "pipeline"),
                ("/api/v1/reports/forecast?territory=Atlantis", "territory"),
                ("/api/v1/reports/forecast?currency=euros", "currency"),
                ("/api/v1/reports/forecast?currency=", "currency"),
                ("/api/v1/reports/losses?owner=", "owner"),
                ("/api/v1/reports/adoption?weeks=0", "weeks"),
                ("/api/v1/reports/adoption?weeks=105", "weeks"),
                ("/api/v1/reports/adoption?weeks=many", "weeks"),
                ("/api/v1/reports/funnel?format=pdf", "format"),
                ("/api/v1/reports/forecast?lang=de", "lang"),
                ("/api/v1/reports/missing-fields?entity=lead", "entity"),
                ("/api/v1/reports/missing-fields?owner=none", "owner"),
                ("/api/v1/reports/missing-fields/records", "entity"),
                ("/api/v1/reports/missing-fields/records?entity=deal", "rule"),
                ("/api/v1/reports/missing-fields/records?entity=deal&rule=industry", "rule"),
                ("/api/v1/reports/missing-fields/records?entity=contact&rule=email%7Cphone&limit=0", "limit"),
                ("/api/v1/reports/missing-fields/records?entity=contact&rule=email%7Cphone&owner=usr_nobody", "owner"),
            ]
            for (path, field) in cases {
                expectProblem(try await api.send(.get, path, as: .role(.readonly)), 422, fields: [field])
            }
            let french = try await api.send(.get, "/api/v1/reports/adoption?weeks=200&lang=fr")
            #expect(french.text.contains("semaines"), "\(french.text)")
            let pipeline = try await api.send(.get, "/api/v1/reports/funnel?pipeline=default&from=2026-01&to=2026-01")
            #expect(pipeline.code == 200, "\(pipeline.text)")
        }
    }

    @Test("the records lacking a field, listed to every role with the page to fix each", arguments: Backend.available)
    func missingFieldRecords(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["reports"]) { api in
            let (deal, _) = try await Self.openDeal(api)
            let summary = try await api.send(.get, "/api/v1/reports/missing-fields?entity=deal", as: .role(.readonly))
            let rules = try #require(summary.json["rules"] as? [[String: Any]])
            #expect(rules.map { $0["rule"] as? String } == ["amount", "expected_close"])
            #expect(rules.map { $0["missing"] as? Int } == [0, 0])
            let path = "/api/v1/reports/missing-fields/records?entity=deal&rule=next_action"
            expectProblem(try await api.send(.get, path), 422, fields: ["rule"])
            for role in Role.allCases {
                let answer = try await api.send(.get, "/api/v1/reports/missing-fields/records?entity=contact&rule=email%7Cphone", as: .role(role))
                #expect(answer.code == 200, "\(role): \(answer.text)")
                let items = try #require(answer.json["items"] as? [[String: Any]])
                #expect(items.map { $0["page"] as? String } == ["/contacts/\(deal.contactID ?? "")"])
            }
            let disabled = try await api.send(.post, "/api/v1/modules/reports/disable", as: .role(.admin))
            #expect(disabled.code == 200)
            expectProblem(try await api.send(.get, "/api/v1/reports/missing-fields/records?entity=contact&rule=email%7Cphone"), 404, typeSuffix: "module-disabled")
        }
    }

    @Test("with the module off the reports are 404 naming it", arguments: Backend.available)
    func disabled(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog) { api in
            for path in Self.routes {
                let answer = try await api.send(.get, path, as: .role(.admin))
                expectProblem(answer, 404, typeSuffix: "module-disabled")
                #expect(answer.text.contains("reports"))
            }
        }
    }
}
