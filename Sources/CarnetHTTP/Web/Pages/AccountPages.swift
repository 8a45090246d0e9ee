import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/account`: change one's password (which signs one's other browsers out) and manage
/// one's API tokens (a new token is shown once).
struct AccountPages {
    /// The shortest password the page accepts.
    static let minimumPassword = 10
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/account", .read) { page in
            try await kit.renderer.response("account", Self.data(kit, page))
        }
        pages.post("/account/password", .read) { page in
            guard let userID = page.actor.userID else { throw CarnetError.forbidden("Only users have a password.") }
            let services = kit.services
            let user = try await services.database.read { conn in try services.users.get(userID, conn) }
            var errors: [FieldError] = []
            if !(user.passwordHash.map { Credentials.verify(page.form.values["current"] ?? "", hash: $0) } ?? false) {
                errors.append(FieldError("current", L10n.text("web.password_wrong", page.language)))
            }
            let new = page.form.values["new"] ?? ""
            if new.count < Self.minimumPassword {
                errors.append(FieldError("new", L10n.text("web.password_short", page.language, ["count": String(Self.minimumPassword)])))
            }
            guard errors.isEmpty else {
                var data = try await Self.data(kit, page)
                data.merge(WebErrors.form(.validation(errors), values: WebForm(""), language: page.language)) { _, new in new }
                return kit.renderer.response("account", data, status: .unprocessableContent)
            }
            let hash = try Credentials.hashPassword(new)
            let sessions = kit.sessions
            try await services.database.write { conn in
                try services.users.setPassword(userID: userID, passwordHash: hash, actor: page.actor, conn)
                try sessions.deleteAll(userID: userID, keeping: page.session.tokenHash, conn)
            }
            var data = try await Self.data(kit, page)
            data["notice"] = L10n.text("web.password_changed", page.language)
            return kit.renderer.response("account", data)
        }
        pages.post("/account/tokens", .read) { page in
            guard let userID = page.actor.userID else { throw CarnetError.forbidden("Only users have tokens.") }
            let token = Credentials.newToken()
            let name = page.form["name"] ?? "web"
            let services = kit.services
            _ = try await services.database.write { conn in
                try services.users.addToken(userID: userID, name: name, tokenHash: Credentials.tokenHash(token), actor: page.actor, conn)
            }
            var data = try await Self.data(kit, page)
            data["new_token"] = token
            return kit.renderer.response("account", data)
        }
        pages.post("/account/tokens/{id}/revoke", .read) { page in
            let id = try page.parameter("id")
            let services = kit.services
            try await services.database.write { conn in try services.users.revokeToken(id, actor: page.actor, conn) }
            return Response.redirect(to: "/account", type: .normal)
        }
    }

    static func data(_ kit: WebKit, _ page: PageRequest) async throws -> [String: Any] {
        var data = page.layout(title: L10n.text("web.account", page.language), active: "account")
        guard let userID = page.actor.userID else { return data }
        let services = kit.services
        let tokens = try await services.database.read { conn in try services.users.tokens(userID: userID, conn) }
        data["tokens"] = tokens.map { ["id": $0.id, "name": $0.name, "created": WebFormat.dateTime($0.createdAt, language: page.language, zone: kit.followUps.timeZone)] }
        return data
    }
}
