import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/contacts` (search by prefix, keyset pages, new contact) and `/contacts/{id}` (the
/// 360° card: details, company, deals, timeline, quick log).
struct ContactPages {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/contacts") { page in
            let data = try await Self.list(kit, page)
            if page.query("partial") != nil { return kit.renderer.response("contact-results", data) }
            return kit.renderer.response("contacts", data)
        }
        pages.post("/contacts") { page in
            var patch = ContactPatch()
            for (field, path) in [("first_name", \ContactPatch.firstName), ("last_name", \.lastName), ("email", \.email), ("title", \.title)] {
                if let value = page.form[field] { patch[keyPath: path] = .some(value) }
            }
            if let phone = page.form["phone"] { patch.phones = .some([phone]) }
            if let owner = page.actor.userID { patch.ownerID = .some(owner) }
            let input = patch
            do {
                let contact = try await kit.services.database.write { conn in try kit.services.contacts.create(input, actor: page.actor, conn) }
                return Response.redirect(to: "/contacts/\(contact.id)", type: .normal)
            } catch let error as CarnetError {
                var data = try await Self.list(kit, page)
                data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                return kit.renderer.response("contacts", data, status: .unprocessableContent)
            }
        }
        pages.get("/contacts/{id}") { page in
            try await kit.renderer.response("contact", Self.card(kit, page, id: try page.parameter("id")))
        }
        pages.post("/contacts/{id}/activities") { page in
            let id = try page.parameter("id")
            var input = ActivityInput(kind: ActivityKind(rawValue: page.form["kind"] ?? "") ?? .note)
            input.contactID = id
            input.body = page.form["body"]
            input.userID = page.actor.userID
            let activity = input
            do {
                _ = try await kit.services.database.write { conn in try kit.services.activities.create(activity, actor: page.actor, conn) }
                return Response.redirect(to: "/contacts/\(id)#timeline", type: .normal)
            } catch let error as CarnetError {
                var data = try await Self.card(kit, page, id: id)
                data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                return kit.renderer.response("contact", data, status: .unprocessableContent)
            }
        }
    }

    /// The list page's data: the search, one page of contacts and the next page's link.
    static func list(_ kit: WebKit, _ page: PageRequest) async throws -> [String: Any] {
        var query = ContactQuery(prefix: page.query("q"), limit: 50, cursor: page.query("cursor"))
        query.archived = false
        let search = query
        let result = try await kit.services.database.read { conn in try kit.services.contacts.list(search, conn) }
        var data = page.layout(title: L10n.text("web.contacts", page.language), active: "contacts")
        data["q"] = page.query("q") ?? ""
        data["contacts"] = result.items.map { contact in
            ["id": contact.id, "name": contact.displayName, "email": contact.email ?? "", "title": contact.title ?? "",
             "city": contact.city ?? ""] as [String: Any]
        }
        data["empty"] = result.items.isEmpty
        if let cursor = result.nextCursor {
            let q = (page.query("q") ?? "").addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            data["next"] = "/contacts?q=\(q)&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }
        return data
    }

    /// The contact card's data.
    static func card(_ kit: WebKit, _ page: PageRequest, id: String) async throws -> [String: Any] {
        let services = kit.services
        let (contact, company, deals, activities) = try await services.database.read { conn in
            let contact = try services.contacts.get(id, conn)
            let company = try contact.companyID.map { try services.companies.get($0, conn) }
            var dealQuery = DealQuery(limit: 100)
            dealQuery.contactID = id
            let deals = try services.deals.list(dealQuery, conn).items
            let activities = try services.activities.list(ActivityQuery(contactID: id, limit: 100), conn).items
            return (contact, company, deals, activities)
        }
        var data = page.layout(title: contact.displayName, active: "contacts")
        data["contact"] = [
            "id": contact.id, "name": contact.displayName, "email": contact.email ?? "", "title": contact.title ?? "",
            "phones": contact.phones, "city": contact.city ?? "", "country": contact.country ?? "", "tags": contact.tags,
            "company": company.map { ["id": $0.id, "name": $0.name] as [String: Any] } as Any,
        ] as [String: Any]
        data["deals"] = deals.map { WebFormat.deal($0, pipeline: services.context.pipeline, language: page.language) }
        data["activities"] = activities.map { WebFormat.activity($0, language: page.language, zone: kit.followUps.timeZone) }
        data["kinds"] = ActivityKind.allCases.map { ["value": $0.rawValue, "label": L10n.text("web.kind_activity_\($0.rawValue)", page.language)] }
        return data
    }
}
