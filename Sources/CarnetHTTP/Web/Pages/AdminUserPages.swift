import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/admin/users` (admins only): the team, adding a user, and one user's page to change their
/// name, role, language and access, and to revoke their API tokens.
///
/// A change goes through `UserService` as `PATCH /api/v1/users/{id}` does, so the last active
/// admin stays; the token cache is emptied after it, so the user's next request, by browser
/// or by token, already sees the new role or the lost access.
struct AdminUserPages {
    let kit: WebKit
    let authenticator: TokenAuthenticator

    func register(_ pages: PageRouter) {
        let (kit, authenticator) = (self.kit, self.authenticator)
        let services = kit.services
        pages.get("/admin/users", .administer) { page in
            try await kit.renderer.response("admin-users", Self.listData(kit, page))
        }
        pages.post("/admin/users", .administer) { page in
            do {
                let password = page.form.values["password"] ?? ""
                guard password.isEmpty || password.count >= AccountPages.minimumPassword else {
                    throw CarnetError.validation([FieldError("password", L10n.text("web.password_short", page.language, ["count": String(AccountPages.minimumPassword)]))])
                }
                let hash = password.isEmpty ? nil : try Credentials.hashPassword(password)
                let role = Role(rawValue: page.form["role"] ?? "") ?? .member
                let (email, name) = (page.form["email"] ?? "", page.form["name"] ?? "")
                let locale = page.form["locale"] ?? page.language.rawValue
                _ = try await services.database.write { conn in
                    try services.users.create(email: email, name: name.isEmpty ? String(email.prefix { $0 != "@" }) : name, role: role,
                                              passwordHash: hash, locale: locale, actor: page.actor, conn)
                }
                return Response.redirect(to: "/admin/users", type: .normal)
            } catch let error as CarnetError {
                var data = try await Self.listData(kit, page)
                var values = page.form.values
                values["password"] = nil
                data.merge(WebErrors.form(error, values: WebForm(""), language: page.language)) { _, new in new }
                data["values"] = values
                data["roles"] = Self.roles(selected: Role(rawValue: values["role"] ?? "") ?? .member, page.language)
                return kit.renderer.response("admin-users", data, status: .init(code: Problem(error).status))
            }
        }
        pages.get("/admin/users/{id}", .administer) { page in
            let user = try await services.database.read { conn in try services.users.get(try page.parameter("id"), conn) }
            var data = try await Self.userData(kit, page, user)
            if page.query("saved") != nil { data["notice"] = L10n.text("web.user_saved", page.language) }
            return kit.renderer.response("admin-user", data)
        }
        pages.post("/admin/users/{id}", .administer) { page in
            let id = try page.parameter("id")
            let patch = UserPatch(name: page.form.values["name"] ?? "", role: Role(rawValue: page.form["role"] ?? ""),
                                  active: page.form["active"] != nil, locale: page.form["locale"])
            let version = page.form["version"].flatMap(Int.init)
            do {
                _ = try await services.database.write { conn in
                    try services.users.update(id, patch, expectedVersion: version, actor: page.actor, language: page.language, conn)
                }
                authenticator.forgetAll()
                return Response.redirect(to: "/admin/users/\(id)?saved=1", type: .normal)
            } catch let error as CarnetError {
                let user = try await services.database.read { conn in try services.users.get(id, conn) }
                var data = try await Self.userData(kit, page, user)
                if case .versionConflict = error {
                    data["message"] = L10n.text("web.admin_stale_form", page.language)
                } else {
                    data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                    data["roles"] = Self.roles(selected: patch.role ?? user.role, page.language)
                    data["locales"] = Self.locales(selected: patch.locale ?? user.locale, page.language)
                    data["active"] = patch.active ?? user.active
                }
                return kit.renderer.response("admin-user", data, status: .init(code: Problem(error).status))
            }
        }
        pages.post("/admin/users/{id}/tokens/{token}/revoke", .administer) { page in
            let (id, token) = (try page.parameter("id"), try page.parameter("token"))
            try await services.database.write { conn in try services.users.revokeToken(token, actor: page.actor, conn) }
            authenticator.forgetAll()
            return Response.redirect(to: "/admin/users/\(id)#tokens", type: .normal)
        }
    }

    static func listData(_ kit: WebKit, _ page: PageRequest) async throws -> [String: Any] {
        let services = kit.services
        let users = try await services.database.read { conn in try services.users.list(conn) }
        var data = AdminPages.layout(page, title: L10n.text("web.users", page.language), section: "users")
        data["users"] = users.map { user in
            ["id": user.id, "email": user.email, "name": user.name, "role": L10n.text("web.role_\(user.role.rawValue)", page.language),
             "active": user.active] as [String: Any]
        }
        data["roles"] = roles(selected: .member, page.language)
        return data
    }

    /// One user's page: the form filled with what is stored, and the user's live API tokens.
    static func userData(_ kit: WebKit, _ page: PageRequest, _ user: User) async throws -> [String: Any] {
        let services = kit.services
        let tokens = try await services.database.read { conn in try services.users.tokens(userID: user.id, conn) }
        var data = AdminPages.layout(page, title: user.name, section: "users")
        data["user_id"] = user.id
        data["email"] = user.email
        data["values"] = ["name": user.name, "version": String(user.version)]
        data["active"] = user.active
        data["roles"] = roles(selected: user.role, page.language)
        data["locales"] = locales(selected: user.locale, page.language)
        data["tokens"] = tokens.map { ["id": $0.id, "name": $0.name, "created": WebFormat.dateTime($0.createdAt, language: page.language, zone: kit.followUps.timeZone)] }
        return data
    }

    /// The options of a role menu, highest role last.
    static func roles(selected: Role, _ language: Language) -> [[String: Any]] {
        Role.allCases.map { ["value": $0.rawValue, "label": L10n.text("web.role_\($0.rawValue)", language), "selected": $0 == selected] }
    }

    /// The options of a language menu.
    static func locales(selected: String, _ language: Language) -> [[String: Any]] {
        Language.allCases.map { ["value": $0.rawValue, "label": L10n.text("web.user_language_\($0.rawValue)", language), "selected": $0.rawValue == selected] }
    }
}
