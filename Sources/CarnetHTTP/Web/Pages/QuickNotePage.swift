import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `POST /notes`: the quick-add dialog's note, logged on the contact named by e-mail (the
/// card's own contact when the dialog opens on a card), through the same activity service as
/// `POST /api/v1/activities`; then back to the page the dialog was opened on.
struct QuickNotePage {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.post("/notes") { page in
            let (email, body) = (page.form["contact_email"] ?? "", page.form["body"])
            do {
                _ = try await kit.services.database.write { conn in
                    guard let contact = try kit.services.contacts.findByEmail(email, conn) else {
                        throw CarnetError.validation([FieldError("contact_email", L10n.text("web.no_such_contact", page.language))])
                    }
                    var note = ActivityInput(kind: .note)
                    note.contactID = contact.id
                    note.body = body
                    note.userID = page.actor.userID
                    return try kit.services.activities.create(note, actor: page.actor, conn)
                }
            } catch let error as CarnetError {
                let message = if case .validation(let fields) = error { fields.map { "\($0.field): \($0.message)" }.joined(separator: "; ") } else { error.detail }
                return kit.errorPage(status: .unprocessableContent, message: message, language: page.language)
            }
            return Response.redirect(to: SignInPages.safeNext(page.form["back"]), type: .normal)
        }
    }
}
