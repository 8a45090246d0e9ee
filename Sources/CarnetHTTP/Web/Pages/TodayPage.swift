import CarnetCore
import CarnetFollowUps
import CarnetStore
import Foundation
import Hummingbird

/// `/` (Today) and the task buttons on it: done, tomorrow, "call back in 3 days", and a
/// quick-entry task. With the follow-ups module off, Today says how to turn it on.
struct TodayPage {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/") { page in
            var data = page.layout(title: L10n.text("web.today", page.language), active: "today")
            guard try await kit.enabled(WebPages.followUpsModuleID) else {
                data["followups_off"] = true
                return kit.renderer.response("today", data)
            }
            guard let userID = page.actor.userID else { throw CarnetError.forbidden("Today belongs to a user.") }
            let today = TodayService(context: kit.services.context, settings: kit.followUps)
            let agenda = try await kit.services.database.read { conn in try today.agenda(for: userID, language: page.language, conn) }
            data["items"] = agenda.items.map { item in
                [
                    "id": item.subjectID, "kind": item.kind.rawValue, "title": item.title, "reason": item.reason,
                    "label": L10n.text("web.kind_\(item.kind.rawValue)", page.language),
                    "is_task": item.kind == .overdueTask || item.kind == .dueTask,
                    "href": Self.link(item),
                ] as [String: Any]
            }
            data["empty"] = agenda.items.isEmpty
            if let message = page.query("error") { data["message"] = message }
            return kit.renderer.response("today", data)
        }
        pages.post("/tasks") { page in
            try await kit.requireFollowUps()
            let tasks = TaskService(context: kit.services.context, settings: kit.followUps)
            let text = page.form["text"] ?? ""
            do {
                let parsed = try tasks.parse(text, language: page.language)
                var patch = TaskPatch()
                patch.title = parsed.title
                patch.dueAt = parsed.dueAt
                patch.dealID = page.form["deal_id"]
                patch.contactID = page.form["contact_id"]
                let input = patch
                _ = try await kit.services.database.write { conn in try tasks.create(input, actor: page.actor, language: page.language, conn) }
            } catch let error as CarnetError {
                return Response.redirect(to: Self.back(page, error: error.detail), type: .normal)
            }
            return Response.redirect(to: Self.back(page), type: .normal)
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
            return Response.redirect(to: Self.back(page), type: .normal)
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

    /// Back to the page the form was on (a same-site path), with an error to show.
    static func back(_ page: PageRequest, error: String? = nil) -> String {
        let path = SignInPages.safeNext(page.form["back"])
        guard let error else { return path }
        let separator = path.contains("?") ? "&" : "?"
        return path + separator + "error=" + (error.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
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
        return Response.redirect(to: TodayPage.back(page), type: .normal)
    }
}
