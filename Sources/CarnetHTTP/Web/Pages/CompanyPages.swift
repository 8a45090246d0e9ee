import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/companies` (search by prefix, keyset pages) and `/companies/{id}` (its contacts, deals,
/// won revenue and timeline).
struct CompanyPages {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/companies") { page in
            let query = CompanyQuery(prefix: page.query("q"), limit: 50, cursor: page.query("cursor"))
            let result = try await kit.services.database.read { conn in try kit.services.companies.list(query, conn) }
            var data = page.layout(title: L10n.text("web.companies", page.language), active: "companies")
            data["q"] = page.query("q") ?? ""
            data["companies"] = result.items.map { company in
                ["id": company.id, "name": company.name, "industry": company.industry ?? "", "region": company.region ?? ""] as [String: Any]
            }
            data["empty"] = result.items.isEmpty
            if let cursor = result.nextCursor {
                let q = (page.query("q") ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                data["next"] = "/companies?q=\(q)&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }
            return kit.renderer.response("companies", data)
        }
        pages.get("/companies/{id}") { page in
            let id = try page.parameter("id")
            let services = kit.services
            let (company, contacts, deals, activities) = try await services.database.read { conn in
                let company = try services.companies.get(id, conn)
                var contactQuery = ContactQuery(limit: 100)
                contactQuery.companyID = id
                var dealQuery = DealQuery(limit: 100)
                dealQuery.companyID = id
                return (company, try services.contacts.list(contactQuery, conn).items, try services.deals.list(dealQuery, conn).items,
                        try services.activities.list(ActivityQuery(companyID: id, limit: 100), conn).items)
            }
            let pipeline = services.context.pipeline
            let won = deals.filter { pipeline.stage($0.stage)?.outcome == .won }
            let currency = won.first?.currency.code ?? services.context.currency.code
            var data = page.layout(title: company.name, active: "companies")
            data["company"] = [
                "id": company.id, "name": company.name, "industry": company.industry ?? "", "region": company.region ?? "",
                "website": company.website ?? "", "size": company.size.map(String.init) ?? "",
                "won": MoneyFormat.format(minor: won.reduce(Int64(0)) { $0 + ($1.amount ?? 0) }, currency: currency, page.language),
            ] as [String: Any]
            data["contacts"] = contacts.map { ["id": $0.id, "name": $0.displayName, "title": $0.title ?? ""] as [String: Any] }
            data["deals"] = deals.map { WebFormat.deal($0, pipeline: pipeline, language: page.language) }
            data["activities"] = activities.map { WebFormat.activity($0, language: page.language, zone: kit.followUps.timeZone) }
            return kit.renderer.response("company", data)
        }
    }
}
