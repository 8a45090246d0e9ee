import CarnetCore
import CarnetFollowUps
import CarnetStore
import Foundation
import Hummingbird

/// `/contacts` (search by prefix, filters by owner, tag, region and company, keyset pages,
/// new contact) and `/contacts/{id}` (the 360° card: details, company, deals, open tasks,
/// lead score and sequences, timeline, quick log and next action).
struct ContactPages {
    let kit: WebKit

    func register(_ pages: PageRouter) {
        let kit = self.kit
        pages.get("/contacts") { page in
            var data = try await Self.list(kit, page, filters: ContactListFilters(query: page))
            if let count = page.query("updated").flatMap(Int.init) {
                data["message"] = L10n.plural("web.bulk_done", count: count, page.language)
            }
            if page.query("partial") != nil { return kit.renderer.response("contact-results", data) }
            return kit.renderer.response("contacts", data)
        }
        pages.post("/contacts") { page in
            var patch = ContactPatch()
            for (field, path) in [("first_name", \ContactPatch.firstName), ("last_name", \.lastName), ("email", \.email), ("title", \.title)] {
                if let value = page.form[field] { patch[keyPath: path] = .some(value) }
            }
            if let phone = page.form["phone"] { patch.phones = .some([phone]) }
            if let owner = page.actor.userID { patch.ownerID = .some(owner) }
            let input = patch
            do {
                let contact = try await kit.services.database.write { conn in try kit.services.contacts.create(input, actor: page.actor, conn) }
                return Response.redirect(to: "/contacts/\(contact.id)", type: .normal)
            } catch let error as CarnetError {
                var data = try await Self.list(kit, page, filters: ContactListFilters(query: page))
                data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                return kit.renderer.response("contacts", data, status: .unprocessableContent)
            }
        }
        pages.get("/contacts/{id}") { page in
            try await kit.renderer.response("contact", Self.card(kit, page, id: try page.parameter("id")))
        }
        ContactGrowthPanels.register(pages, kit: kit)
        pages.post("/contacts/{id}/activities") { page in
            let id = try page.parameter("id")
            var input = ActivityInput(kind: ActivityKind(rawValue: page.form["kind"] ?? "") ?? .note)
            input.contactID = id
            input.body = page.form["body"]
            input.userID = page.actor.userID
            let activity = input
            do {
                _ = try await kit.services.database.write { conn in try kit.services.activities.create(activity, actor: page.actor, conn) }
                return Response.redirect(to: "/contacts/\(id)#timeline", type: .normal)
            } catch let error as CarnetError {
                var data = try await Self.card(kit, page, id: id)
                data.merge(WebErrors.form(error, values: page.form, language: page.language)) { _, new in new }
                return kit.renderer.response("contact", data, status: .unprocessableContent)
            }
        }
    }

    /// The list page's data: the search and filters, one page of contacts, the next page's
    /// link, and what the bulk form needs. One read: the users, the company filter's id, the page.
    static func list(_ kit: WebKit, _ page: PageRequest, filters: ContactListFilters) async throws -> [String: Any] {
        let services = kit.services
        let cursor = page.query("cursor")
        let (result, users, company) = try await services.database.read { conn in
            let company = try filters["company"].map { try services.companies.find(idOrName: $0, limit: 1, conn).first }
            // A company no one has matches no contact: its text stands for the id.
            let query = filters.query(companyID: filters["company"].map { company??.id ?? $0 }, cursor: cursor)
            return (try services.contacts.list(query, conn), try services.users.list(conn), company ?? nil)
        }
        var data = page.layout(title: L10n.text("web.contacts", page.language), active: "contacts")
        for name in ContactListFilters.names { data[name] = filters[name] ?? "" }
        data["filtered"] = ["owner", "tag", "region", "company"].contains { filters[$0] != nil }
        if filters["company"] != nil, company == nil { data["no_such_company"] = true }
        data["contacts"] = result.items.map { contact in
            ["id": contact.id, "name": contact.displayName, "email": contact.email ?? "", "title": contact.title ?? "",
             "city": contact.city ?? "", "tags": contact.tags.joined(separator: ", "),
             "select_label": L10n.text("web.select_contact", page.language, ["name": contact.displayName])] as [String: Any]
        }
        data["empty"] = result.items.isEmpty
        if let next = result.nextCursor {
            data["next"] = "/contacts?" + filters.queryString([("cursor", next)])
        }
        data["owners"] = OwnerOptions.options(users, me: page.actor.userID, selected: filters["owner"], language: page.language)
        data["assignees"] = OwnerOptions.options(users, me: page.actor.userID, selected: nil, language: page.language)
        data["filter_fields"] = filters.hiddenFields
        data["can_write"] = page.actor.role.allows(.write)
        data["bulk_max"] = ContactBulkChange.maximum
        return data
    }

    /// The contact card's data, read in one transaction with a fixed number of queries.
    static func card(_ kit: WebKit, _ page: PageRequest, id: String) async throws -> [String: Any] {
        let services = kit.services
        let tasks = TaskService(context: services.context, settings: kit.followUps)
        let followUps = page.modules.contains(WebPages.followUpsModuleID)
        let (modules, language) = (page.modules, page.language)
        let (contact, company, owner, deals, activities, openTasks, growth) = try await services.database.read { conn in
            let contact = try services.contacts.get(id, conn)
            let company = try contact.companyID.map { try services.companies.get($0, conn) }
            let owner = try contact.ownerID.map { try services.users.get($0, conn) }
            var dealQuery = DealQuery(limit: 100)
            dealQuery.contactID = id
            let deals = try services.deals.list(dealQuery, conn).items
            let activities = try services.activities.list(ActivityQuery(contactID: id, limit: 100), conn).items
            var openTasks: [FollowUpTask]?
            if followUps {
                var taskQuery = TaskQuery()
                taskQuery.contactID = id
                openTasks = try tasks.list(taskQuery, conn).items
            }
            let growth = try ContactGrowthPanels.read(contactID: id, modules: modules, language: language, conn)
            return (contact, company, owner, deals, activities, openTasks, growth)
        }
        let zone = kit.followUps.timeZone
        let now = services.context.clock.now
        var data = page.layout(title: contact.displayName, active: "contacts")
        let consent = contact.doNotEmail ? "consent_never" : contact.emailOptIn ? "consent_opt_in" : "consent_none"
        data["contact"] = [
            "id": contact.id, "name": contact.displayName, "email": WebValue.text(contact.email), "title": WebValue.text(contact.title),
            "emails": contact.emails, "phones": contact.phones, "city": WebValue.text(contact.city), "country": WebValue.text(contact.country),
            "region": WebValue.text(contact.region), "source": WebValue.text(contact.source), "tags": contact.tags,
            "has_tags": !contact.tags.isEmpty, "version": contact.version, "owner": WebValue.text(owner?.name),
            "consent": L10n.text("web.\(consent)", page.language), "archived": contact.archivedAt != nil,
            "company": WebValue.optional(company.map { ["id": $0.id, "name": $0.name] as [String: Any] }),
        ] as [String: Any]
        data["deals"] = deals.map { WebFormat.deal($0, pipeline: services.context.pipeline, language: page.language) }
        data["activities"] = activities.map { WebFormat.activity($0, language: page.language, zone: zone) }
        data["kinds"] = ActivityKind.allCases.map { ["value": $0.rawValue, "label": L10n.text("web.kind_activity_\($0.rawValue)", page.language)] }
        if let openTasks {
            data["followups"] = true
            data["tasks"] = openTasks.map { task in
                ["id": task.id, "title": task.title, "due": WebFormat.dateTime(task.dueAt, language: page.language, zone: zone),
                 "overdue": task.dueAt < now] as [String: Any]
            }
        }
        data.merge(growth.data(contactID: id, modules: modules, language: language, zone: zone)) { _, new in new }
        data["can_write"] = page.actor.role.allows(.write)
        data["can_restore"] = page.actor.role.allows(.manage)
        data["quick_note_email"] = contact.email ?? ""
        data.merge(PluginActionPages.buttons(kit, .contact, targetID: id, back: "/contacts/\(id)", language: page.language)) { _, new in new }
        return data
    }
}
