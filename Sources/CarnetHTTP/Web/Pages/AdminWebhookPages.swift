import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/admin/webhooks` (admins only): the webhooks with their last delivery, adding one (its
/// secret shown once, on the answer to the form), and one webhook's page to change, ping or
/// delete it and read its delivery log. The same `WebhookService` calls as the API, with its
/// optimistic locking: the forms carry the version they were made from.
struct AdminWebhookPages {
    let kit: WebKit

    /// How many webhooks the list shows, and how many deliveries a webhook's page shows.
    static let shown = 100

    func register(_ pages: PageRouter) {
        let kit = self.kit
        let services = kit.services
        pages.get("/admin/webhooks", .administer) { page in
            try await kit.renderer.response("admin-webhooks", Self.listData(kit, page))
        }
        pages.post("/admin/webhooks", .administer) { page in
            let patch = Self.patch(page.form, editing: false)
            do {
                let webhook = try await services.database.write { conn in try services.webhooks.create(patch, actor: page.actor, conn) }
                var data = try await Self.listData(kit, page)
                data["created"] = ["id": webhook.id, "url": webhook.url, "secret": webhook.secret]
                return kit.renderer.response("admin-webhooks", data)
            } catch let error as CarnetError {
                var data = try await Self.listData(kit, page)
                data.merge(Self.form(error, page)) { _, new in new }
                data["active"] = patch.active ?? true
                return kit.renderer.response("admin-webhooks", data, status: .init(code: Problem(error).status))
            }
        }
        pages.get("/admin/webhooks/{id}", .administer) { page in
            let webhook = try await services.database.read { conn in try services.webhooks.get(try page.parameter("id"), conn) }
            var data = try await Self.webhookData(kit, page, webhook)
            if page.query("saved") != nil { data["notice"] = L10n.text("web.webhook_saved", page.language) }
            if page.query("pinged") != nil { data["notice"] = L10n.text("web.webhook_pinged", page.language) }
            return kit.renderer.response("admin-webhook", data)
        }
        pages.post("/admin/webhooks/{id}", .administer) { page in
            let id = try page.parameter("id")
            let patch = Self.patch(page.form, editing: true)
            let version = page.form["version"].flatMap(Int.init)
            do {
                _ = try await services.database.write { conn in
                    try services.webhooks.update(id, patch, expectedVersion: version, actor: page.actor, conn)
                }
                return Response.redirect(to: "/admin/webhooks/\(id)?saved=1", type: .normal)
            } catch let error as CarnetError {
                return try await Self.refused(error, kit, page, id: id, active: patch.active)
            }
        }
        pages.post("/admin/webhooks/{id}/ping", .administer) { page in
            let id = try page.parameter("id")
            do {
                _ = try await services.database.write { conn in
                    try WebhookDeliverer.ping(id, actor: page.actor, webhooks: services.webhooks, queue: services.jobs, conn)
                }
                return Response.redirect(to: "/admin/webhooks/\(id)?pinged=1", type: .normal)
            } catch let error as CarnetError {
                return try await Self.refused(error, kit, page, id: id, active: nil)
            }
        }
        pages.post("/admin/webhooks/{id}/delete", .administer) { page in
            let id = try page.parameter("id")
            let version = page.form["version"].flatMap(Int.init)
            do {
                _ = try await services.database.write { conn in try services.webhooks.delete(id, expectedVersion: version, actor: page.actor, conn) }
                return Response.redirect(to: "/admin/webhooks", type: .normal)
            } catch let error as CarnetError {
                return try await Self.refused(error, kit, page, id: id, active: nil)
            }
        }
    }

    /// The URL, events, description and active box of a form; the events are split at commas
    /// and spaces. When `editing`, a blank description clears the stored one.
    static func patch(_ form: WebForm, editing: Bool) -> WebhookPatch {
        var patch = WebhookPatch(url: form.values["url"] ?? "", events: events(form.values["events"] ?? ""))
        if editing || form["description"] != nil { patch.description = .some(form["description"]) }
        patch.active = form["active"] != nil
        return patch
    }

    static func events(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    }

    /// A refused form as the page shows it: the message, each field's error (a pattern's
    /// error under the events field), and the values typed.
    static func form(_ error: CarnetError, _ page: PageRequest) -> [String: Any] {
        var data = WebErrors.form(error, values: page.form, language: page.language)
        if var errors = data["errors"] as? [String: String] {
            for (field, message) in errors where field.hasPrefix("events[") {
                errors["events"] = errors["events"] ?? message
                errors[field] = nil
            }
            data["errors"] = errors
        }
        return data
    }

    /// The webhook's page again after a refused change: field errors and the values typed for
    /// a 422; for a stale form, the stored webhook and a word on why.
    static func refused(_ error: CarnetError, _ kit: WebKit, _ page: PageRequest, id: String, active: Bool?) async throws -> Response {
        let services = kit.services
        let webhook = try await services.database.read { conn in try services.webhooks.get(id, conn) }
        var data = try await webhookData(kit, page, webhook)
        switch error {
        case .versionConflict: data["message"] = L10n.text("web.admin_stale_form", page.language)
        case .validation: data.merge(form(error, page)) { _, new in new }; data["active"] = active ?? webhook.active
        default: data["message"] = error.detail
        }
        return kit.renderer.response("admin-webhook", data, status: .init(code: Problem(error).status))
    }

    static func listData(_ kit: WebKit, _ page: PageRequest) async throws -> [String: Any] {
        let services = kit.services
        let (webhooks, last) = try await services.database.read { conn in
            let webhooks = try services.webhooks.list(limit: shown, cursor: nil, conn).items
            return (webhooks, try services.webhooks.lastDeliveries(webhooks.map(\.id), conn))
        }
        var data = AdminPages.layout(page, title: L10n.text("web.webhooks", page.language), section: "webhooks")
        data["webhooks"] = webhooks.map { webhook in
            var row: [String: Any] = ["id": webhook.id, "url": webhook.url, "events": webhook.events.joined(separator: ", "), "active": webhook.active,
                                      "description": webhook.description ?? ""]
            if let delivery = last[webhook.id] { row["last"] = Self.delivery(delivery, kit, page.language) }
            return row
        }
        data["values"] = ["events": "*"]
        data["active"] = true
        return data
    }

    /// One webhook's page: the form filled with what is stored, and the delivery log.
    static func webhookData(_ kit: WebKit, _ page: PageRequest, _ webhook: Webhook) async throws -> [String: Any] {
        let services = kit.services
        let deliveries = try await services.database.read { conn in try services.webhooks.deliveries(webhook.id, limit: shown, cursor: nil, conn).items }
        var data = AdminPages.layout(page, title: webhook.url, section: "webhooks")
        data["webhook_id"] = webhook.id
        data["secret"] = webhook.maskedSecret
        data["values"] = ["url": webhook.url, "events": webhook.events.joined(separator: ", "), "description": webhook.description ?? "",
                          "version": String(webhook.version)]
        data["active"] = webhook.active
        data["deliveries"] = deliveries.map { delivery($0, kit, page.language) }
        return data
    }

    /// A delivery attempt as the pages show it.
    static func delivery(_ delivery: WebhookDelivery, _ kit: WebKit, _ language: Language) -> [String: Any] {
        [
            "at": WebFormat.dateTime(delivery.createdAt, language: language, zone: kit.followUps.timeZone), "event": delivery.eventType,
            "attempt": delivery.attempt, "code": delivery.statusCode.map { String($0) } ?? "", "error": delivery.error ?? "",
            "succeeded": delivery.succeeded, "duration": AdminPluginPages.milliseconds(micros: Int64(delivery.durationMS) * 1000, language),
            "outcome": L10n.text(delivery.succeeded ? "web.delivery_ok" : "web.delivery_failed", language),
        ]
    }
}
