import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/deals/{id}` (fields, stage history, next action, activities, edit form) and
/// `POST /deals` (a new deal from the pipeline page).
struct DealPages {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/deals/{id}") { page in
            try await kit.renderer.response("deal", Self.page(kit, page, id: try page.parameter("id")))
        }
        pages.post("/deals/{id}") { page in
            let id = try page.parameter("id")
            do {
                var patch = try DealForm.patch(page.form, language: page.language, zone: kit.followUps.timeZone)
                patch.stage = page.form["stage"]
                let input = patch
                let version = page.form["version"].flatMap(Int.init)
                _ = try await kit.services.database.write { conn in try kit.services.deals.update(id, input, expectedVersion: version, actor: page.actor, conn) }
                return Response.redirect(to: "/deals/\(id)", type: .normal)
            } catch let error as CarnetError {
                var data = try await Self.page(kit, page, id: id)
                data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                return kit.renderer.response("deal", data, status: .unprocessableContent)
            }
        }
        pages.post("/deals") { page in
            do {
                var patch = try DealForm.patch(page.form, language: page.language, zone: kit.followUps.timeZone)
                patch.stage = page.form["stage"] ?? kit.services.context.pipeline.stages.first?.key
                if let owner = page.actor.userID { patch.ownerID = .some(owner) }
                let input = patch
                let email = page.form["contact_email"]
                let deal = try await kit.services.database.write { conn in
                    var patch = input
                    if let email {
                        // The pages name the contact by e-mail, the one thing a salesperson has at hand.
                        guard let contact = try kit.services.contacts.findByEmail(email, conn) else {
                            throw CarnetError.validation([FieldError("contact_email", L10n.text("web.no_such_contact", page.language))])
                        }
                        patch.contactID = .some(contact.id)
                    }
                    return try kit.services.deals.create(patch, actor: page.actor, conn)
                }
                return Response.redirect(to: "/deals/\(deal.id)", type: .normal)
            } catch let error as CarnetError {
                var data = try await PipelinePages.board(kit, page)
                data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                return kit.renderer.response("pipeline", data, status: .unprocessableContent)
            }
        }
    }

    static func page(_ kit: WebKit, _ page: PageRequest, id: String) async throws -> [String: Any] {
        let services = kit.services
        let pipeline = services.context.pipeline
        let zone = kit.followUps.timeZone
        let (deal, contact, history, activities) = try await services.database.read { conn in
            let deal = try services.deals.get(id, conn)
            let contact = try deal.contactID.map { try services.contacts.get($0, conn) }
            return (deal, contact, try services.deals.stageHistory(id, conn), try services.activities.list(ActivityQuery(dealID: id, limit: 100), conn).items)
        }
        var data = page.layout(title: deal.title, active: "pipeline")
        var summary = WebFormat.deal(deal, pipeline: pipeline, language: page.language, now: services.context.clock.now, zone: zone)
        summary["currency"] = deal.currency.code
        summary["amount_input"] = deal.amount.map { String(format: "%.2f", Double($0) / 100) } ?? ""
        summary["expected_close_input"] = deal.expectedClose?.description ?? ""
        summary["lost_reason"] = deal.lostReason ?? ""
        if let contact { summary["contact"] = ["id": contact.id, "name": contact.displayName] }
        data["deal"] = summary
        data["stages"] = pipeline.stages.map { ["key": $0.key, "name": WebFormat.stageName($0, key: $0.key, page.language), "selected": $0.key == deal.stage] as [String: Any] }
        data["history"] = history.map { move in
            ["from": move.from.map { WebFormat.stageName(pipeline.stage($0), key: $0, page.language) } ?? "",
             "to": WebFormat.stageName(pipeline.stage(move.to), key: move.to, page.language),
             "at": WebFormat.dateTime(move.at, language: page.language, zone: zone)]
        }
        data["activities"] = activities.map { WebFormat.activity($0, language: page.language, zone: zone) }
        data.merge(PluginActionPages.buttons(kit, .deal, targetID: id, back: "/deals/\(id)", language: page.language)) { _, new in new }
        return data
    }
}
