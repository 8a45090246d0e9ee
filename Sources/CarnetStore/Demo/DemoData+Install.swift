import CarnetCore
import Foundation

extension DemoData {
    /// Writes the sample through the services in one transaction; existing users with the
    /// sample's e-mails are reused. Refuses a database that already has contacts unless `force`.
    public func install(in services: Services, force: Bool = false) async throws -> DemoSummary {
        try await services.database.write { conn in try write(services, force: force, conn) }
    }

    private func write(_ services: Services, force: Bool, _ conn: any SQLConnection) throws -> DemoSummary {
        let existing = try conn.queryOne("SELECT COUNT(*) AS n FROM contacts", [])?.int("n") ?? 0
        if existing > 0 && !force {
            throw CarnetError.invalidState("The database already has \(existing) contacts; the demo sample is meant for an empty one. Force it (carnet demo --force) to add the sample anyway.")
        }
        var summary = DemoSummary()
        var actors: [Actor] = []
        for plan in users {
            if let user = try services.users.find(email: plan.email, conn) {
                actors.append(user.actor)
            } else {
                actors.append(try services.users.create(email: plan.email, name: plan.name, role: plan.role, passwordHash: nil, locale: "fr", actor: .system, conn).actor)
                summary.users += 1
            }
        }

        var companyIDs: [String] = []
        for plan in companies {
            var patch = CompanyPatch()
            patch.name = plan.name
            patch.industry = plan.industry
            patch.size = plan.size
            patch.annualRevenue = plan.annualRevenue
            patch.currency = .eur
            patch.region = plan.region
            patch.country = "FR"
            patch.website = plan.website
            patch.customFields = ["siren": .string(plan.siren)]
            companyIDs.append(try services.companies.create(patch, actor: actors[plan.owner], conn).id)
        }
        summary.companies = companyIDs.count

        var contactIDs: [String] = []
        for plan in contacts {
            let company = companies[plan.company]
            var patch = ContactPatch()
            patch.firstName = plan.firstName
            patch.lastName = plan.lastName
            patch.email = plan.email
            patch.phones = [plan.phone]
            patch.title = plan.title
            patch.companyID = companyIDs[plan.company]
            patch.street = plan.street
            patch.postcode = company.postcode
            patch.city = company.city
            patch.region = company.region
            patch.country = "FR"
            patch.source = plan.source
            patch.tags = plan.tags
            patch.emailOptIn = plan.emailOptIn
            patch.doNotEmail = plan.doNotEmail
            contactIDs.append(try services.contacts.create(patch, actor: actors[company.owner], conn).id)
        }
        summary.contacts = contactIDs.count

        for plan in deals {
            let contact = contacts[plan.contact]
            let actor = actors[companies[contact.company].owner]
            var patch = stagePatch(plan, stage: plan.stages[0])
            // Every deal says what happens next, as the follow-ups module asks when it is on.
            patch.nextAction = plan.nextAction
            patch.nextActionAt = now.addingTimeInterval(Double(plan.nextActionInDays) * 86_400)
            patch.title = plan.title
            patch.contactID = contactIDs[plan.contact]
            patch.companyID = companyIDs[contact.company]
            let deal = try services.deals.create(patch, actor: actor, conn)
            for (step, stage) in plan.stages.enumerated().dropFirst() {
                for activity in plan.activities[step - 1] {
                    try log(activity, dealID: deal.id, contactIDs: contactIDs, actor: actor, services, conn)
                    summary.activities += 1
                }
                _ = try services.deals.update(deal.id, stagePatch(plan, stage: stage), expectedVersion: nil, actor: actor, conn)
            }
            summary.deals += 1
        }

        for activity in activities {
            try log(activity, dealID: nil, contactIDs: contactIDs, actor: actors[companies[contacts[activity.contact].company].owner], services, conn)
            summary.activities += 1
        }
        return summary
    }

    /// A patch moving a deal into `stage` with what the stage's entry rule asks for.
    private func stagePatch(_ plan: DealPlan, stage key: String) -> DealPatch {
        var patch = DealPatch()
        patch.stage = key
        var custom: [String: JSONValue] = [:]
        for field in pipeline.stage(key)?.requiredFields ?? [] {
            switch field {
            case "amount": patch.amount = plan.amount
            case "expected_close": patch.expectedClose = plan.expectedClose
            case "next_action": patch.nextAction = plan.nextAction
            case "next_action_at": patch.nextActionAt = now.addingTimeInterval(Double(plan.nextActionInDays) * 86_400)
            case "lost_reason": patch.lostReason = plan.lostReason
            case "custom.need": custom["need"] = .string(plan.need)
            case "custom.decision_maker": custom["decision_maker"] = .string(plan.decisionMaker)
            case let other where other.hasPrefix("custom."): custom[String(other.dropFirst("custom.".count))] = .string("oui")
            default: break // contact, company, owner, title and currency are set when the deal is created
            }
        }
        if !custom.isEmpty { patch.customFields = custom }
        return patch
    }

    private func log(_ plan: ActivityPlan, dealID: String?, contactIDs: [String], actor: Actor, _ services: Services, _ conn: any SQLConnection) throws {
        var input = ActivityInput(kind: plan.kind)
        input.subject = plan.subject
        input.body = plan.body
        input.contactID = contactIDs[plan.contact]
        input.dealID = dealID
        input.occurredAt = now.addingTimeInterval(-plan.daysAgo * 86_400)
        input.durationMinutes = plan.durationMinutes
        _ = try services.activities.create(input, actor: actor, conn)
    }
}
