import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/admin/pipeline` (admins only, read-only): the stages in order with their probability,
/// outcome, days before a deal goes stale, and entry rule in words. The pipeline comes from
/// the configuration file, so the page says where to change it rather than editing it.
struct AdminPipelinePage {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/admin/pipeline", .administer) { page in
            kit.renderer.response("admin-pipeline", Self.data(kit, page))
        }
    }

    /// The deal fields a stage rule may name, by rule name, with the text key of their label.
    static let fieldLabels: [String: String] = [
        "contact": "web.contact", "company": "web.company", "owner": "web.owner", "amount": "web.amount", "currency": "web.currency",
        "expected_close": "web.expected_close", "next_action": "web.next_action", "next_action_at": "web.next_action_at",
        "lost_reason": "web.lost_reason", "title": "web.deal_title",
    ]

    static func data(_ kit: WebKit, _ page: PageRequest) -> [String: Any] {
        let language = page.language
        let pipeline = kit.services.context.pipeline
        let rotting = kit.followUps.rotting
        var data = AdminPages.layout(page, title: L10n.text("web.pipeline_stages", language), section: "pipeline")
        data["stages"] = pipeline.stages.enumerated().map { index, stage in
            let rule = Self.rule(stage, language)
            var row: [String: Any] = [
                "position": index + 1, "key": stage.key, "name": WebFormat.stageName(stage, key: stage.key, language),
                "probability": stage.probability, "outcome": L10n.text("web.outcome_\(stage.outcome.rawValue)", language),
                "rule": rule, "has_rule": !rule.isEmpty,
            ]
            if stage.outcome == .open, let days = rotting.days[stage.key] {
                row["rotting"] = L10n.plural("web.stale_days", count: days, language)
            }
            return row
        }
        return data
    }

    /// What a deal needs to enter the stage, one item per field or activity.
    static func rule(_ stage: Stage, _ language: Language) -> [String] {
        stage.requiredFields.map { field in
            if let key = fieldLabels[field] { return L10n.text(key, language) }
            return L10n.text("web.rule_custom_field", language, ["name": String(field.dropFirst("custom.".count))])
        } + (stage.requiredActivity.map { [L10n.text("web.rule_activity_\($0.rawValue)", language)] } ?? [])
    }
}
