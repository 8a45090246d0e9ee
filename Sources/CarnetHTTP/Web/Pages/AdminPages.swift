import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/admin` (admins only): the modules, with what switching each on or off does; the users,
/// and adding one; the dead jobs, and retrying one.
struct AdminPages {
    let kit: WebKit
    let gate: ModuleGate

    func register(_ pages: PageRouter) {
        let (kit, gate) = (self.kit, self.gate)
        pages.get("/admin", .administer) { page in
            try await kit.renderer.response("admin", Self.data(kit, page))
        }
        pages.post("/admin/modules/{id}/enable", .administer) { page in
            try await Self.toggle(kit, gate, page, on: true)
        }
        pages.post("/admin/modules/{id}/disable", .administer) { page in
            try await Self.toggle(kit, gate, page, on: false)
        }
        pages.post("/admin/users", .administer) { page in
            let services = kit.services
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
                return Response.redirect(to: "/admin#users", type: .normal)
            } catch let error as CarnetError {
                var data = try await Self.data(kit, page)
                var values = page.form.values
                values["password"] = nil
                data.merge(WebErrors.form(error, values: WebForm(""), language: page.language)) { _, new in new }
                data["values"] = values
                return kit.renderer.response("admin", data, status: .unprocessableContent)
            }
        }
        pages.post("/admin/jobs/{id}/retry", .administer) { page in
            let id = try page.parameter("id")
            let services = kit.services
            _ = try await services.database.write { conn in try services.jobs.retry(id, actor: page.actor, conn) }
            return Response.redirect(to: "/admin#jobs", type: .normal)
        }
    }

    static func toggle(_ kit: WebKit, _ gate: ModuleGate, _ page: PageRequest, on: Bool) async throws -> Response {
        let id = try page.parameter("id")
        do {
            if on { try await kit.services.enableModule(id, actor: page.actor) } else { try await kit.services.disableModule(id, actor: page.actor) }
        } catch let error as CarnetError {
            var data = try await Self.data(kit, page)
            data["message"] = error.detail
            return kit.renderer.response("admin", data, status: .init(code: Problem(error).status))
        }
        gate.forget()
        return Response.redirect(to: "/admin#modules", type: .normal)
    }

    static func data(_ kit: WebKit, _ page: PageRequest) async throws -> [String: Any] {
        let services = kit.services
        let (enabled, users, dead) = try await services.database.read { conn in
            (try services.modules.enabled(conn), try services.users.list(conn), try services.jobs.list(status: .dead, limit: 50, cursor: nil, conn).items)
        }
        var modules: [[String: Any]] = []
        for module in services.modules.catalog.modules {
            let impact = try await services.moduleImpact(module.id)
            modules.append([
                "id": module.id, "title": module.title, "summary": module.summary, "enabled": enabled.contains(module.id),
                "routes": impact.routes.joined(separator: ", "), "jobs": impact.jobs.joined(separator: ", "),
                "migrations": impact.pendingMigrations.joined(separator: ", "), "kept": impact.keptData,
                "blocked": impact.blockedBy.joined(separator: ", "),
            ])
        }
        var data = page.layout(title: L10n.text("web.admin", page.language), active: "admin")
        data["modules"] = modules
        data["users"] = users.map { ["email": $0.email, "name": $0.name, "role": $0.role.rawValue, "active": $0.active] as [String: Any] }
        data["roles"] = Role.allCases.map { ["value": $0.rawValue, "selected": $0 == .member] as [String: Any] }
        data["dead"] = dead.map { ["id": $0.id, "kind": $0.kind, "error": $0.lastError ?? "", "attempts": $0.attempts] as [String: Any] }
        return data
    }
}
