import CarnetCore
import CarnetScripting
import CarnetStore
import Foundation
import Hummingbird

/// `/admin/plugins` (admins only): the Lua plugins with their state, budgets and what they
/// declare; enabling, disabling and reloading one; and one plugin's page with its last runs
/// and their errors. Every change goes through `PluginControl`, as the API's does.
struct AdminPluginPages {
    let kit: WebKit
    let plugins: PluginControl

    /// How many runs a plugin's page shows.
    static let runsShown = 50

    func register(_ pages: PageRouter) {
        let (kit, plugins) = (self.kit, self.plugins)
        pages.get("/admin/plugins", .administer) { page in
            try await kit.renderer.response("admin-plugins", Self.listData(kit, plugins, page))
        }
        pages.get("/admin/plugins/{id}", .administer) { page in
            try await kit.renderer.response("admin-plugin", Self.pluginData(kit, plugins, page, id: try page.parameter("id")))
        }
        for change in Change.allCases {
            pages.post("/admin/plugins/{id}/\(change.rawValue)", .administer) { page in
                let id = try page.parameter("id")
                do {
                    try await change.apply(to: id, plugins)
                    return Response.redirect(to: "/admin/plugins#plugin-\(id)", type: .normal)
                } catch let error as CarnetError {
                    guard case .validation(let problems) = error else { throw error }
                    var data = try await Self.listData(kit, plugins, page)
                    data["message"] = L10n.text("web.plugin_check_failed", page.language, ["id": id])
                    data["problems"] = ["items": problems.map(\.message)]
                    return kit.renderer.response("admin-plugins", data, status: .unprocessableContent)
                }
            }
        }
    }

    /// What the buttons of a plugin do.
    enum Change: String, CaseIterable, Sendable {
        case enable, disable, reload

        func apply(to id: String, _ plugins: PluginControl) async throws {
            switch self {
            case .enable: _ = try await plugins.enable(id)
            case .disable: _ = try await plugins.disable(id)
            case .reload: _ = try await plugins.reload(id)
            }
        }
    }

    static func listData(_ kit: WebKit, _ plugins: PluginControl, _ page: PageRequest) async throws -> [String: Any] {
        let statuses = try await plugins.host.statuses()
        var data = AdminPages.layout(page, title: L10n.text("web.plugins", page.language), section: "plugins")
        data["plugins"] = statuses.map { status(plugins.host, $0, page.language) }
        return data
    }

    static func pluginData(_ kit: WebKit, _ plugins: PluginControl, _ page: PageRequest, id: String) async throws -> [String: Any] {
        let status = try await plugins.status(of: id)
        let runs = try await plugins.runs(id, limit: runsShown, cursor: nil).items
        var data = AdminPages.layout(page, title: id, section: "plugins")
        data["plugin"] = Self.status(plugins.host, status, page.language)
        data["runs"] = runs.map { run in
            [
                "started": WebFormat.dateTime(run.startedAt, language: page.language, zone: kit.followUps.timeZone),
                "kind": L10n.text("web.run_kind_\(run.kind.rawValue)", page.language), "target": run.target, "version": run.version,
                "outcome": run.outcome.rawValue, "outcome_label": L10n.text("web.run_\(run.outcome.rawValue)", page.language),
                "failed": run.outcome != .ok, "error": run.error ?? "",
                "duration": milliseconds(micros: run.durationMicros, page.language), "cpu": milliseconds(micros: run.cpuMicros, page.language),
                "memory": megabytes(run.memoryPeak, page.language),
                "host_calls": run.hostCalls,
            ] as [String: Any]
        }
        return data
    }

    /// A plugin as the pages show it: state, load error, budgets and declarations.
    static func status(_ host: PluginHost, _ status: PluginStatus, _ language: Language) -> [String: Any] {
        var data: [String: Any] = [
            "id": status.id, "version": status.version ?? "", "description": status.description ?? "", "enabled": status.enabled,
            "state": status.state.rawValue, "state_label": L10n.text("web.plugin_\(status.state.rawValue)", language),
            "error": status.error ?? "", "hooks": status.hooks.joined(separator: ", "), "jobs": status.jobs.joined(separator: ", "),
            "actions": status.actions.joined(separator: ", "),
        ]
        if let budgets = host.budgets(status.id) {
            data["budgets"] = ["rows": [budget("web.budget_before_hook", budgets.beforeHook, language), budget("web.budget_job", budgets.job, language)]]
        }
        return data
    }

    /// One row of the budgets table.
    static func budget(_ label: String, _ budget: ScriptBudget, _ language: Language) -> [String: Any] {
        [
            "label": L10n.text(label, language),
            "cpu": milliseconds(micros: Int64(budget.cpuTime / .microseconds(1)), language),
            "wall": milliseconds(micros: Int64(budget.wallTime / .microseconds(1)), language),
            "memory": megabytes(Int64(budget.memory), language),
            "host_calls": budget.hostCalls,
        ]
    }

    /// A duration in milliseconds with at most one decimal, e.g. `0.4 ms`, `1,200 ms`.
    static func milliseconds(micros: Int64, _ language: Language) -> String {
        L10n.text("web.unit_ms", language, ["count": decimal(tenths: (micros + 50) / 100, language)])
    }

    /// A size in mebibytes with at most one decimal, e.g. `16 MB`, `0.3 Mo`.
    static func megabytes(_ bytes: Int64, _ language: Language) -> String {
        L10n.text("web.unit_mb", language, ["count": decimal(tenths: (bytes * 10 + 524_288) / 1_048_576, language)])
    }

    /// A count of tenths as each language writes it: `1,234.5` in English, `1 234,5` in French
    /// (a narrow no-break space between thousands); no decimal when it is zero.
    static func decimal(tenths: Int64, _ language: Language) -> String {
        var grouped = ""
        for (index, character) in String(tenths / 10).reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.append(language == .fr ? "\u{202F}" : ",") }
            grouped.append(character)
        }
        let number = String(grouped.reversed())
        return tenths % 10 == 0 ? number : number + (language == .fr ? "," : ".") + String(tenths % 10)
    }
}
