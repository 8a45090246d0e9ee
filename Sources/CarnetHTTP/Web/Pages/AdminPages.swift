import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/admin` (admins only): the modules, with what switching each on or off does; the job
/// queue's counts and its dead jobs, with their retry. The other admin pages (users, the
/// pipeline, plugins, webhooks) are linked from the admin navigation each page shows.
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
        pages.post("/admin/jobs/{id}/retry", .administer) { page in
            let id = try page.parameter("id")
            let services = kit.services
            _ = try await services.database.write { conn in try services.jobs.retry(id, actor: page.actor, conn) }
            return Response.redirect(to: "/admin#jobs", type: .normal)
        }
    }

    /// The layout of an admin page: Administration current in the main navigation, and
    /// `section` in the admin pages' own.
    static func layout(_ page: PageRequest, title: String, section: String) -> [String: Any] {
        var data = page.layout(title: title, active: "admin")
        data["admin_\(section)"] = true
        return data
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
        let (enabled, counts, dead) = try await services.database.read { conn in
            (try services.modules.enabled(conn), try services.jobs.counts(conn), try services.jobs.list(status: .dead, limit: 50, cursor: nil, conn).items)
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
        var data = layout(page, title: L10n.text("web.admin", page.language), section: "overview")
        data["modules"] = modules
        data["job_counts"] = ["queued": counts.queued, "running": counts.running, "dead": counts.dead]
        data["dead"] = dead.map { ["id": $0.id, "kind": $0.kind, "error": $0.lastError ?? "", "attempts": $0.attempts] as [String: Any] }
        return data
    }
}
