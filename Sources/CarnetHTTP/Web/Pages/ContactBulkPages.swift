import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `POST /contacts/bulk`: the contacts ticked on a page of the list get a tag, lose one, or
/// get an owner, all in one transaction through `ContactService.bulkChange`; then the list
/// again, under the same filters, saying how many changed.
struct ContactBulkPages {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.post("/contacts/bulk", .write) { page in
            let filters = ContactListFilters(form: page.form)
            let ids = page.form.all("ids")
            do {
                let change = try Self.change(page.form, language: page.language)
                let services = kit.services
                let count = try await services.database.write { conn in
                    try services.contacts.bulkChange(ids, change, actor: page.actor, language: page.language, conn)
                }
                return Response.redirect(to: "/contacts?" + filters.queryString([("updated", String(count))]), type: .normal)
            } catch let error as CarnetError {
                var data = try await ContactPages.list(kit, page, filters: filters)
                data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                if case .validation(let fields) = error { data["message"] = fields.map(\.message).joined(separator: " ") }
                // The ticks stay, to fix the change and send it again.
                let ticked = Set(ids)
                data["contacts"] = (data["contacts"] as? [[String: Any]] ?? []).map { row in
                    row.merging(["checked": ticked.contains(row["id"] as? String ?? "")]) { _, new in new }
                }
                return kit.renderer.response("contacts", data, status: .init(code: Problem(error).status))
            }
        }
    }

    /// The change the pressed button asks for: `add_tag`, `remove_tag` (with `tag`) or `assign` (with `owner_id`,
    /// `none` for no owner).
    static func change(_ form: WebForm, language: Language) throws(CarnetError) -> ContactBulkChange {
        switch form["action"] ?? "" {
        case "add_tag": return .addTag(form["tag"] ?? "")
        case "remove_tag": return .removeTag(form["tag"] ?? "")
        case "assign":
            guard let owner = form["owner_id"] else { throw .validation([FieldError("owner_id", L10n.text("web.bulk_choose_owner", language))]) }
            return .assign(ownerID: owner == "none" ? nil : owner)
        default: throw .validation([FieldError("action", L10n.text("web.bulk_no_action", language))])
        }
    }
}
