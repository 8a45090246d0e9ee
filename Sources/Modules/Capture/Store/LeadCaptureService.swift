import CarnetCore
import CarnetStore
import Foundation

/// Turns a checked lead into a contact, all in the caller's transaction and through the core
/// services, so that every change writes its events and audit rows as any other would.
///
/// A lead whose e-mail (normalised as the core does) is a live contact's fills that contact's
/// empty fields, adds the form's tags and logs a note naming the form, instead of making a
/// duplicate; a matched contact that has an owner keeps it. Otherwise a contact is created,
/// with its company (matched by name, ignoring case and accents, or created) and, when the
/// form says so, a deal in the pipeline's first stage whose next action is to contact the
/// lead. Either way the submission is logged and `lead.captured` emitted.
public struct LeadCaptureService: Sendable {
    public let services: Services
    public let settings: CaptureSettings

    public init(services: Services, settings: CaptureSettings) {
        self.services = services
        self.settings = settings
    }

    /// Captures one lead sent to `form`.
    public func capture(_ lead: LeadInput, form: CaptureForm, channel: CaptureChannel, actor: Actor, _ conn: any SQLConnection) throws -> CaptureOutcome {
        try capture(lead, form: form, channel: channel, actor: actor, assigner: LeadAssigner(services: services, settings: settings, conn), conn)
    }

    func capture(_ lead: LeadInput, form: CaptureForm, channel: CaptureChannel, actor: Actor, assigner: LeadAssigner,
                 _ conn: any SQLConnection) throws -> CaptureOutcome {
        let now = services.context.clock.now
        let existing = try lead.email.flatMap { try services.contacts.findByEmail($0, conn) }
        var company: Company?
        if let id = existing?.companyID {
            company = try services.companies.get(id, conn)
        } else if let name = lead.company["name"] {
            company = try companyNamed(name, conn)
        }
        var owner = existing?.ownerID
        if owner == nil {
            let facts = LeadFacts(region: existing?.region ?? lead.contact["region"], country: existing?.country ?? lead.contact["country"],
                                  postcode: existing?.postcode ?? lead.contact["postcode"], industry: company?.industry ?? lead.company["industry"])
            owner = try assigner.owner(for: facts, argument: { Self.pluginLead(lead, form: form, facts: facts, existing: existing) }, conn)
        }
        if company == nil, let patch = lead.companyPatch(ownerID: owner) {
            company = try services.companies.create(patch, actor: actor, conn)
        }
        let patch = lead.contactPatch(filling: existing, tags: form.tags, source: "form:\(form.slug)", companyID: company?.id, ownerID: owner)
        let contact: Contact
        var dealID: String?
        let language = assigner.language(of: owner)
        if let existing {
            contact = try services.contacts.update(existing.id, patch, expectedVersion: nil, actor: actor, conn)
            var note = ActivityInput(kind: .note)
            note.contactID = contact.id
            note.body = L10n.text("capture.activity_matched", language, ["form": form.title])
            _ = try services.activities.create(note, actor: actor, conn)
        } else {
            contact = try services.contacts.create(patch, actor: actor, conn)
            if form.createDeal { dealID = try openDeal(for: contact, form: form, language: language, now: now, actor: actor, conn).id }
        }
        let outcome = CaptureOutcome(submissionID: EntityID.make("csb", at: now), contactID: contact.id, created: existing == nil,
                                     dealID: dealID, ownerID: contact.ownerID)
        try conn.execute("""
            INSERT INTO capture_submissions (id, form_id, contact_id, deal_id, created, owner_id, channel, submitted_at, utm_source, utm_medium,
                utm_campaign, utm_term, utm_content, referrer, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(outcome.submissionID), .text(form.id), .text(contact.id), .string(dealID), .bool(outcome.created), .string(outcome.ownerID),
                  .text(channel.rawValue), .date(now), .string(lead.utm.source), .string(lead.utm.medium), .string(lead.utm.campaign),
                  .string(lead.utm.term), .string(lead.utm.content), .string(lead.referrer), .json(lead.answers)])
        try services.changes.event(CaptureModule.leadCaptured, entity: "contact", id: contact.id, actor: actor,
                                   payload: Self.payload(outcome, form: form, lead: lead, channel: channel), conn)
        return outcome
    }

    /// The lead as a plugin rule's function gets it: the form, the e-mail, the contact's and
    /// company's fields as sent, the facts the other rules read, and the UTM parameters.
    static func pluginLead(_ lead: LeadInput, form: CaptureForm, facts: LeadFacts, existing: Contact?) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            "form": .string(form.slug), "email": text(lead.email), "contact_id": text(existing?.id),
            "contact": .object(lead.contact.mapValues(JSONValue.string)), "company": .object(lead.company.mapValues(JSONValue.string)),
            "region": text(facts.region), "country": text(facts.country), "postcode": text(facts.postcode), "industry": text(facts.industry),
            "utm_source": text(lead.utm.source), "utm_medium": text(lead.utm.medium), "utm_campaign": text(lead.utm.campaign),
        ])
    }

    /// The payload of `lead.captured`.
    static func payload(_ outcome: CaptureOutcome, form: CaptureForm, lead: LeadInput, channel: CaptureChannel) -> JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return .object([
            "contact_id": .string(outcome.contactID), "form_id": .string(form.id), "form_slug": .string(form.slug), "created": .bool(outcome.created),
            "deal_id": text(outcome.dealID), "owner_id": text(outcome.ownerID), "submission_id": .string(outcome.submissionID),
            "channel": .string(channel.rawValue), "utm_source": text(lead.utm.source), "utm_medium": text(lead.utm.medium),
            "utm_campaign": text(lead.utm.campaign), "utm_term": text(lead.utm.term), "utm_content": text(lead.utm.content),
            "referrer": text(lead.referrer),
        ])
    }

    /// The live company called `name`, ignoring case and accents, through the name index.
    private func companyNamed(_ name: String, _ conn: any SQLConnection) throws -> Company? {
        guard let id = try conn.queryOne("SELECT id FROM companies WHERE name_key = ? AND archived_at IS NULL ORDER BY id LIMIT 1",
                                         [.text(SearchKey.fold(name))])?.string("id") else { return nil }
        return try services.companies.get(id, conn)
    }

    private func openDeal(for contact: Contact, form: CaptureForm, language: Language, now: Date, actor: Actor, _ conn: any SQLConnection) throws -> Deal {
        var deal = DealPatch()
        deal.title = String(L10n.text("capture.deal_title", language, ["form": form.title, "name": contact.displayName]).prefix(Limits.shortText))
        deal.stage = services.context.pipeline.stages.first?.key
        deal.contactID = .some(contact.id)
        deal.companyID = .some(contact.companyID)
        deal.ownerID = .some(contact.ownerID)
        deal.nextAction = .some(L10n.text("capture.next_action", language))
        deal.nextActionAt = .some(now.addingTimeInterval(settings.firstContactWithin))
        return try services.deals.create(deal, actor: actor, conn)
    }
}
