import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/companies` (search by prefix, keyset pages, new company; with `partial=names`, the
/// names a company input suggests) and `/companies/{id}` (its contacts, deals, won revenue,
/// timeline, and its edit form), through the same service as `/api/v1/companies`.
///
/// The edit form carries the version it was read at: saved over a newer one, it comes back
/// with 409, the conflict explained and the current values.
struct CompanyPages {
    /// How many names a company input suggests.
    static let suggestions = 10
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/companies") { page in
            if page.query("partial") == "names" {
                let query = CompanyQuery(prefix: page.query("q"), limit: Self.suggestions)
                let result = try await kit.services.database.read { conn in try kit.services.companies.list(query, conn) }
                return kit.renderer.response("company-options", ["companies": result.items.map { ["name": $0.name] }])
            }
            return try await kit.renderer.response("companies", Self.list(kit, page, refused: nil))
        }
        pages.post("/companies") { page in
            let services = kit.services
            do {
                let input = try CompanyForm.patch(page.form, language: page.language)
                let company = try await services.database.write { conn in try services.companies.create(input, actor: page.actor, conn) }
                return Response.redirect(to: "/companies/\(company.id)", type: .normal)
            } catch let error as CarnetError {
                guard case .validation = error else { throw error }
                return try await kit.renderer.response("companies", Self.list(kit, page, refused: error), status: .unprocessableContent)
            }
        }
        pages.get("/companies/{id}") { page in
            try await kit.renderer.response("company", Self.page(kit, page, id: try page.parameter("id"), refused: nil))
        }
        pages.post("/companies/{id}") { page in
            let id = try page.parameter("id")
            let services = kit.services
            do {
                let input = try CompanyForm.patch(page.form, language: page.language)
                let version = page.form["version"].flatMap(Int.init)
                _ = try await services.database.write { conn in
                    try services.companies.update(id, input, expectedVersion: version, actor: page.actor, conn)
                }
                return Response.redirect(to: "/companies/\(id)", type: .normal)
            } catch let error as CarnetError {
                if case .versionConflict = error {
                    var data = try await Self.page(kit, page, id: id, refused: nil)
                    data["message"] = L10n.text("web.stale_version", page.language)
                    data["editing"] = true
                    return kit.renderer.response("company", data, status: .conflict)
                }
                guard case .validation = error else { throw error }
                return try await kit.renderer.response("company", Self.page(kit, page, id: id, refused: error), status: .unprocessableContent)
            }
        }
    }

    /// The list page's data: the search, one page of companies, the next page's link and the
    /// new company's form (with what was typed and its errors when it was `refused`).
    static func list(_ kit: WebKit, _ page: PageRequest, refused: CarnetError?) async throws -> [String: Any] {
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
        var values = ["currency": kit.services.context.currency.code]
        if let refused {
            data.merge(WebErrors.form(refused, values: page.form, language: page.language)) { _, new in new }
            values = page.form.values
        }
        data["fields"] = CompanyForm.fields.map {
            $0.data(idPrefix: "company", values: values, errors: data["errors"] as? [String: String] ?? [:], language: page.language)
        }
        data["can_write"] = page.actor.role.allows(.write)
        return data
    }

    /// The company page's data, and its edit form (as typed, with its errors, when it was `refused`).
    static func page(_ kit: WebKit, _ page: PageRequest, id: String, refused: CarnetError?) async throws -> [String: Any] {
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
            "id": company.id, "name": company.name, "industry": WebValue.text(company.industry), "region": WebValue.text(company.region),
            "website": WebValue.text(company.website), "size": WebValue.text(company.size.map(String.init)), "country": WebValue.text(company.country),
            "annual_revenue": WebValue.text(company.annualRevenue.map {
                MoneyFormat.format(minor: $0, currency: (company.currency ?? services.context.currency).code, page.language)
            }),
            "won": MoneyFormat.format(minor: won.reduce(Int64(0)) { $0 + ($1.amount ?? 0) }, currency: currency, page.language),
        ] as [String: Any]
        data["contacts"] = contacts.map { ["id": $0.id, "name": $0.displayName, "title": $0.title ?? ""] as [String: Any] }
        data["deals"] = deals.map { WebFormat.deal($0, pipeline: pipeline, language: page.language) }
        data["activities"] = activities.map { WebFormat.activity($0, language: page.language, zone: kit.followUps.timeZone) }
        var values = CompanyForm.values(company, currency: services.context.currency, language: page.language)
        if let refused {
            data.merge(WebErrors.form(refused, values: page.form, language: page.language)) { _, new in new }
            values = page.form.values
            data["editing"] = true
        }
        data["values"] = values
        data["fields"] = CompanyForm.fields.map {
            $0.data(idPrefix: "company", values: values, errors: data["errors"] as? [String: String] ?? [:], language: page.language)
        }
        data["can_write"] = page.actor.role.allows(.write)
        data.merge(PluginActionPages.buttons(kit, .company, targetID: id, back: "/companies/\(id)", language: page.language)) { _, new in new }
        return data
    }
}
