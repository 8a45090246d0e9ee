import CarnetCore
import CarnetFollowUps
import CarnetStore
import Foundation
import Hummingbird

/// `/` (Today) and its buttons: a task's done, tomorrow and "call back in 3 days"; a deal's
/// next action typed in words; a quick-entry task (also the quick-add dialog's, which comes
/// back to the page it was opened on). A phrase Carnet cannot read shows on Today, with the
/// reason, as a 422. With the follow-ups module off, Today says how to turn it on.
struct TodayPage {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/") { page in
            try await kit.renderer.response("today", Self.data(kit, page))
        }
        pages.post("/tasks") { page in
            try await kit.requireFollowUps()
            let tasks = TaskService(context: kit.services.context, settings: kit.followUps)
            do {
                let parsed = try tasks.parse(page.form["text"] ?? "", language: page.language)
                var patch = TaskPatch()
                patch.title = parsed.title
                patch.dueAt = parsed.dueAt
                patch.dealID = page.form["deal_id"]
                patch.contactID = page.form["contact_id"]
                let input = patch
                _ = try await kit.services.database.write { conn in try tasks.create(input, actor: page.actor, language: page.language, conn) }
            } catch let error as CarnetError {
                var data = try await Self.data(kit, page)
                data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                return kit.renderer.response("today", data, status: .unprocessableContent)
            }
            return Response.redirect(to: SignInPages.safeNext(page.form["back"]), type: .normal)
        }
        pages.post("/deals/{id}/next-action") { page in
            try await kit.requireFollowUps()
            let id = try page.parameter("id")
            let tasks = TaskService(context: kit.services.context, settings: kit.followUps)
            do {
                let parsed = try tasks.parse(page.form["text"] ?? "", language: page.language)
                guard !parsed.title.isBlank else {
                    throw CarnetError.validation([FieldError("text", L10n.text("web.next_action_what", page.language))])
                }
                var patch = DealPatch()
                patch.nextAction = .some(parsed.title)
                patch.nextActionAt = .some(parsed.dueAt)
                let input = patch
                _ = try await kit.services.database.write { conn in
                    try kit.services.deals.update(id, input, expectedVersion: nil, actor: page.actor, conn)
                }
            } catch let error as CarnetError {
                var data = try await Self.data(kit, page)
                let message = WebErrors.form(error, values: page.form, language: page.language)
                data["items"] = (data["items"] as? [[String: Any]] ?? []).map { item in
                    guard item["id"] as? String == id else { return item }
                    return item.merging(["next_error": (message["errors"] as? [String: String])?["text"] ?? error.detail,
                                         "next_text": page.form["text"] ?? ""]) { _, new in new }
                }
                data["message"] = message["message"]
                return kit.renderer.response("today", data, status: .unprocessableContent)
            }
            return Response.redirect(to: "/", type: .normal)
        }
        pages.post("/tasks/{id}/complete") { page in
            try await kit.finishTask(page, next: nil)
        }
        pages.post("/tasks/{id}/later") { page in
            try await kit.finishTask(page, next: .phrase(page.language == .fr ? "dans 3 jours" : "in 3 days"))
        }
        pages.post("/tasks/{id}/snooze") { page in
            try await kit.requireFollowUps()
            let id = try page.parameter("id")
            let zone = kit.followUps.timeZone
            var patch = TaskPatch()
            patch.snoozedUntil = LocalDate(kit.services.context.clock.now, in: zone).adding(days: 1).instant(hour: 9, minute: 0, in: zone)
            let input = patch
            let tasks = TaskService(context: kit.services.context, settings: kit.followUps)
            _ = try await kit.services.database.write { conn in try tasks.update(id, input, expectedVersion: nil, actor: page.actor, language: page.language, conn) }
            return Response.redirect(to: SignInPages.safeNext(page.form["back"]), type: .normal)
        }
    }

    /// Where an agenda item leads: the task's deal or contact page, or the deal or lead itself.
    static func link(_ item: AgendaItem) -> String {
        switch item.kind {
        case .overdueTask, .dueTask: "/#task-\(item.subjectID)"
        case .hotLeadUncontacted: "/contacts/\(item.subjectID)"
        case .dealNextActionOverdue, .dealWithoutNextAction, .staleDeal: "/deals/\(item.subjectID)"
        }
    }

    /// Today's data: the user's agenda, or how to turn follow-ups on.
    static func data(_ kit: WebKit, _ page: PageRequest) async throws -> [String: Any] {
        var data = page.layout(title: L10n.text("web.today", page.language), active: "today")
        guard try await kit.enabled(WebPages.followUpsModuleID) else {
            data["followups_off"] = true
            return data
        }
        guard let userID = page.actor.userID else { throw CarnetError.forbidden("Today belongs to a user.") }
        let today = TodayService(context: kit.services.context, settings: kit.followUps)
        let agenda = try await kit.services.database.read { conn in try today.agenda(for: userID, language: page.language, conn) }
        data["items"] = agenda.items.map { item in
            [
                "id": item.subjectID, "kind": item.kind.rawValue, "title": item.title, "reason": item.reason,
                "label": L10n.text("web.kind_\(item.kind.rawValue)", page.language),
                "is_task": item.kind == .overdueTask || item.kind == .dueTask,
                "is_deal": [.dealWithoutNextAction, .dealNextActionOverdue, .staleDeal].contains(item.kind),
                "href": Self.link(item),
            ] as [String: Any]
        }
        data["empty"] = agenda.items.isEmpty
        return data
    }
}

extension WebKit {
    /// 404 naming the module when follow-ups is off, like the API.
    func requireFollowUps() async throws {
        guard try await enabled(WebPages.followUpsModuleID) else { throw CarnetError.moduleDisabled(module: WebPages.followUpsModuleID) }
    }

    /// Marks the task of the page's `{id}` done, scheduling `next` if given, and goes back.
    func finishTask(_ page: PageRequest, next: TaskCompletion.Next?) async throws -> Response {
        try await requireFollowUps()
        let id = try page.parameter("id")
        let tasks = TaskService(context: services.context, settings: followUps)
        let completion = TaskCompletion(outcome: page.form["outcome"], next: next)
        _ = try await services.database.write { conn in
            try tasks.complete(id, completion, expectedVersion: nil, actor: page.actor, language: page.language, conn)
        }
        return Response.redirect(to: SignInPages.safeNext(page.form["back"]), type: .normal)
    }
}
