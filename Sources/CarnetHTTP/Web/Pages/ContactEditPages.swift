import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/contacts/{id}/edit` (every field of a contact, through the same service as
/// `PATCH /api/v1/contacts/{id}`) and the card's archive and restore buttons.
///
/// The form carries the version it was read at: saved over a newer one, it comes back
/// with 409, the conflict explained and the current values, to make the change again.
struct ContactEditPages {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/contacts/{id}/edit", .write) { page in
            try await kit.renderer.response("contact-edit", Self.form(kit, page, id: try page.parameter("id"), refused: nil))
        }
        pages.post("/contacts/{id}/edit", .write) { page in
            let id = try page.parameter("id")
            let services = kit.services
            do {
                var patch = try ContactForm.patch(page.form, language: page.language)
                let version = page.form["version"].flatMap(Int.init)
                let typed = page.form
                patch.companyID = nil
                let input = patch
                _ = try await services.database.write { conn in
                    var patch = input
                    if typed.values["company"] != nil {
                        let current = try services.contacts.get(id, conn).companyID
                        patch.companyID = .some(try ContactForm.companyID(typed["company"], current: current, services.companies,
                                                                         language: page.language, conn))
                    }
                    return try services.contacts.update(id, patch, expectedVersion: version, actor: page.actor, conn)
                }
                return Response.redirect(to: "/contacts/\(id)", type: .normal)
            } catch let error as CarnetError {
                if case .versionConflict = error {
                    var data = try await Self.form(kit, page, id: id, refused: nil)
                    data["message"] = L10n.text("web.stale_version", page.language)
                    return kit.renderer.response("contact-edit", data, status: .conflict)
                }
                guard case .validation = error else { throw error }
                let data = try await Self.form(kit, page, id: id, refused: ContactForm.formError(error))
                return kit.renderer.response("contact-edit", data, status: .unprocessableContent)
            }
        }
        pages.post("/contacts/{id}/archive", .write) { page in
            let id = try page.parameter("id")
            let version = page.form["version"].flatMap(Int.init)
            return try await Self.change(kit, page, id: id) { conn in
                _ = try kit.services.contacts.archive(id, expectedVersion: version, actor: page.actor, conn)
            }
        }
        pages.post("/contacts/{id}/restore", .manage) { page in
            let id = try page.parameter("id")
            return try await Self.change(kit, page, id: id) { conn in _ = try kit.services.contacts.restore(id, actor: page.actor, conn) }
        }
    }

    /// Archives or restores, then back to the card; a stale card is shown again, as it is now, with 409.
    static func change(_ kit: WebKit, _ page: PageRequest, id: String, _ write: @escaping @Sendable (any SQLConnection) throws -> Void) async throws -> Response {
        do {
            try await kit.services.database.write { conn in try write(conn) }
            return Response.redirect(to: "/contacts/\(id)", type: .normal)
        } catch CarnetError.versionConflict {
            var data = try await ContactPages.card(kit, page, id: id)
            data["message"] = L10n.text("web.stale_version", page.language)
            return kit.renderer.response("contact", data, status: .conflict)
        }
    }

    /// The form's data: the stored contact, or, when the form was `refused`, what was typed
    /// (the version included: the change is still based on it) with the errors.
    static func form(_ kit: WebKit, _ page: PageRequest, id: String, refused: CarnetError?) async throws -> [String: Any] {
        let services = kit.services
        let (contact, company, users) = try await services.database.read { conn in
            let contact = try services.contacts.get(id, conn)
            return (contact, try contact.companyID.map { try services.companies.get($0, conn) }, try services.users.list(conn))
        }
        var data = page.layout(title: L10n.text("web.edit_contact", page.language), active: "contacts")
        var values = ContactForm.values(contact, company: company)
        if let refused {
            data.merge(WebErrors.form(refused, values: page.form, language: page.language)) { _, new in new }
            values = page.form.values
        }
        let errors = data["errors"] as? [String: String] ?? [:]
        data["contact"] = ["id": contact.id, "name": contact.displayName]
        data["values"] = values
        data["fields"] = ContactForm.fields.map { $0.data(idPrefix: "contact", values: values, errors: errors, language: page.language) }
        data["owners"] = OwnerOptions.options(users, me: page.actor.userID, selected: values["owner_id"], language: page.language)
        return data
    }
}
