import CarnetCore
import Foundation
import Testing

@Suite("DealWorkflow")
struct DealWorkflowTests {
    let clock = ManualClock()
    let workflow = DealWorkflow(pipeline: .standard)

    // MARK: helpers

    func patch(_ json: String) throws -> DealPatch {
        try decodeJSON(DealPatch.self, json)
    }

    /// A fresh deal as `POST /api/v1/deals` starts from.
    func blankDeal() -> Deal {
        Deal(id: "deal_01jd3k0000000000000000000a", pipeline: .standard, currency: .eur, at: clock.now)
    }

    /// Creates a deal from a JSON body at the clock's time.
    func create(_ json: String, activities: Set<ActivityKind> = []) throws -> Deal {
        try workflow.apply(patch(json), to: blankDeal(), isNew: true, loggedActivities: activities, at: clock.now)
    }

    /// Updates a deal with a JSON body at the clock's time.
    func update(_ deal: Deal, _ json: String, activities: Set<ActivityKind> = []) throws -> Deal {
        try workflow.apply(patch(json), to: deal, isNew: false, loggedActivities: activities, at: clock.now)
    }

    /// The workflow's error for a body, or nil when it succeeds.
    func error(updating deal: Deal, with json: String, isNew: Bool = false, activities: Set<ActivityKind> = []) throws -> CarnetError? {
        let body = try patch(json)
        do {
            _ = try workflow.apply(body, to: deal, isNew: isNew, loggedActivities: activities, at: clock.now)
            return nil
        } catch {
            return error
        }
    }

    /// A deal in `lead` with a contact, created at the clock's time.
    func lead() throws -> Deal {
        try create(#"{"title": "Website redesign", "contact_id": "con_1"}"#)
    }

    // MARK: creation

    @Test("a deal is created in the first stage with its probability")
    func creation() throws {
        let deal = try create(#"{"title": "  Website redesign ", "contact_id": "con_1", "amount": 1500000}"#)
        #expect(deal.title == "Website redesign")
        #expect(deal.stage == "lead")
        #expect(deal.pipeline == "default")
        #expect(deal.probability == 10)
        #expect(deal.probabilityOverride == nil)
        #expect(deal.contactID == "con_1")
        #expect(deal.amount == 1_500_000)
        #expect(deal.currency == .eur)
        #expect(deal.closedAt == nil)
        #expect(deal.stageChangedAt == clock.now)
        #expect(deal.createdAt == clock.now)
        #expect(deal.updatedAt == clock.now)
        #expect(deal.version == 1)
    }

    @Test("creating a deal in lead without a contact fails")
    func leadNeedsContact() throws {
        #expect(throws: CarnetError.stageRule(stage: "lead", missing: [FieldError("contact_id", "is required to enter Lead")])) {
            try workflow.apply(patch(#"{"title": "Website redesign"}"#), to: blankDeal(), isNew: true, loggedActivities: [], at: clock.now)
        }
    }

    @Test("creating a deal directly in a later stage checks that stage's rule")
    func createInLaterStage() throws {
        let failure = try error(updating: blankDeal(), with: #"{"title": "Audit", "stage": "proposal", "amount": 90000}"#, isNew: true)
        #expect(failure == .stageRule(stage: "proposal", missing: [FieldError("expected_close", "is required to enter Proposal sent")]))

        let deal = try create(#"{"title": "Audit", "stage": "proposal", "amount": 90000, "expected_close": "2026-06-30"}"#)
        #expect(deal.stage == "proposal")
        #expect(deal.probability == 60)
    }

    @Test("a deal needs a title", arguments: [#"{"contact_id": "con_1"}"#, #"{"title": "   ", "contact_id": "con_1"}"#, #"{"title": null, "contact_id": "con_1"}"#])
    func needsTitle(json: String) throws {
        #expect(validationFields(try error(updating: blankDeal(), with: json, isNew: true)) == ["title"])
    }

    // MARK: stage rules

    @Test("a deal cannot enter Proposal without an amount")
    func proposalNeedsAmount() throws {
        let deal = try lead()
        #expect(try error(updating: deal, with: #"{"stage": "proposal"}"#) == .stageRule(stage: "proposal", missing: [
            FieldError("amount", "is required to enter Proposal sent"),
            FieldError("expected_close", "is required to enter Proposal sent"),
        ]))
        #expect(try error(updating: deal, with: #"{"stage": "proposal", "amount": 0, "expected_close": "2026-06-30"}"#)
            == .stageRule(stage: "proposal", missing: [FieldError("amount", "is required to enter Proposal sent")]))
        #expect(try error(updating: deal, with: #"{"stage": "proposal", "amount": 250000}"#)
            == .stageRule(stage: "proposal", missing: [FieldError("expected_close", "is required to enter Proposal sent")]))

        let moved = try update(deal, #"{"stage": "proposal", "amount": 250000, "expected_close": "2026-06-30"}"#)
        #expect(moved.stage == "proposal")
        #expect(moved.probability == 60)
        #expect(moved.expectedClose == LocalDate("2026-06-30"))
    }

    @Test("a failed move leaves nothing half-applied for the caller")
    func failedMoveKeepsCurrent() throws {
        let deal = try lead()
        _ = try error(updating: deal, with: #"{"stage": "proposal", "amount": 250000}"#)
        #expect(deal.stage == "lead")
        #expect(deal.amount == nil)
    }

    @Test("entering meeting needs a logged meeting")
    func meetingNeedsActivity() throws {
        let deal = try lead()
        let missing = CarnetError.stageRule(stage: "meeting", missing: [
            FieldError("activities", "log a meeting on this deal before it enters Discovery meeting"),
        ])
        #expect(try error(updating: deal, with: #"{"stage": "meeting"}"#) == missing)
        #expect(try error(updating: deal, with: #"{"stage": "meeting"}"#, activities: [.call, .email, .note]) == missing)

        let moved = try update(deal, #"{"stage": "meeting"}"#, activities: [.call, .meeting])
        #expect(moved.stage == "meeting")
        #expect(moved.probability == 40)
    }

    @Test("qualified needs a need and a decision maker")
    func qualifiedNeedsCustomFields() throws {
        let deal = try lead()
        #expect(try error(updating: deal, with: #"{"stage": "qualified"}"#) == .stageRule(stage: "qualified", missing: [
            FieldError("custom.need", "is required to enter Qualified"),
            FieldError("custom.decision_maker", "is required to enter Qualified"),
        ]))

        let moved = try update(deal, #"{"stage": "qualified", "custom_fields": {"need": "A new website", "decision_maker": "Mme Dupré"}}"#)
        #expect(moved.stage == "qualified")
        #expect(moved.probability == 25)
        #expect(moved.customFields["need"] == .string("A new website"))
    }

    @Test("a blank custom value counts as missing", arguments: [
        #"{"need": "   ", "decision_maker": "Mme Dupré"}"#,
        #"{"need": "\n\t", "decision_maker": "Mme Dupré"}"#,
        #"{"need": null, "decision_maker": "Mme Dupré"}"#,
        #"{"need": [], "decision_maker": "Mme Dupré"}"#,
        #"{"need": {}, "decision_maker": "Mme Dupré"}"#,
        #"{"decision_maker": "Mme Dupré"}"#,
    ])
    func blankCustomValue(fields: String) throws {
        let deal = try lead()
        #expect(try error(updating: deal, with: #"{"stage": "qualified", "custom_fields": \#(fields)}"#)
            == .stageRule(stage: "qualified", missing: [FieldError("custom.need", "is required to enter Qualified")]))
    }

    @Test("a number or a boolean counts as a value", arguments: [#"0"#, #"false"#, #"["CRM"]"#])
    func presentCustomValue(value: String) throws {
        let moved = try update(try lead(), #"{"stage": "qualified", "custom_fields": {"need": \#(value), "decision_maker": "Mme Dupré"}}"#)
        #expect(moved.stage == "qualified")
    }

    @Test("negotiation needs a next action and its date")
    func negotiation() throws {
        let deal = try lead()
        #expect(try error(updating: deal, with: #"{"stage": "negotiation", "next_action": "  "}"#) == .stageRule(stage: "negotiation", missing: [
            FieldError("next_action", "is required to enter Negotiation"),
            FieldError("next_action_at", "is required to enter Negotiation"),
        ]))
        let moved = try update(deal, #"{"stage": "negotiation", "next_action": " Send the revised quote ", "next_action_at": "2026-01-05T09:00:00+01:00"}"#)
        #expect(moved.nextAction == "Send the revised quote")
        #expect(moved.nextActionAt.map(Timestamp.format) == "2026-01-05T08:00:00.000Z")
        #expect(moved.probability == 80)
    }

    // MARK: closing

    @Test("winning needs an amount, sets closedAt and probability 100")
    func won() throws {
        let deal = try lead()
        clock.advance(by: 86_400)
        #expect(try error(updating: deal, with: #"{"stage": "won"}"#)
            == .stageRule(stage: "won", missing: [FieldError("amount", "is required to enter Won")]))

        let won = try update(deal, #"{"stage": "won", "amount": 480000}"#)
        #expect(won.stage == "won")
        #expect(won.probability == 100)
        #expect(won.closedAt == clock.now)
        #expect(won.stageChangedAt == clock.now)
    }

    @Test("editing a closed deal keeps the day it closed")
    func closedAtStays() throws {
        let won = try update(try lead(), #"{"stage": "won", "amount": 480000}"#)
        let closedAt = try #require(won.closedAt)
        clock.advance(by: 3600)
        let edited = try update(won, #"{"title": "Website redesign (phase 1)"}"#)
        #expect(edited.closedAt == closedAt)
        #expect(edited.updatedAt == clock.now)
    }

    @Test("moving back to an open stage clears closedAt")
    func reopen() throws {
        let won = try update(try lead(), #"{"stage": "won", "amount": 480000}"#)
        #expect(won.closedAt != nil)
        clock.advance(by: 3600)
        let reopened = try update(won, #"{"stage": "lead"}"#)
        #expect(reopened.stage == "lead")
        #expect(reopened.closedAt == nil)
        #expect(reopened.probability == 10)
        #expect(reopened.stageChangedAt == clock.now)
    }

    @Test("losing needs a reason, sets closedAt and probability 0")
    func lost() throws {
        let deal = try lead()
        let missing = CarnetError.stageRule(stage: "lost", missing: [FieldError("lost_reason", "is required to enter Lost")])
        #expect(try error(updating: deal, with: #"{"stage": "lost"}"#) == missing)
        #expect(try error(updating: deal, with: #"{"stage": "lost", "lost_reason": "   "}"#) == missing)

        clock.advance(by: 60)
        let lost = try update(deal, #"{"stage": "lost", "lost_reason": " Chose a competitor "}"#)
        #expect(lost.lostReason == "Chose a competitor")
        #expect(lost.probability == 0)
        #expect(lost.closedAt == clock.now)
    }

    @Test("moving from won to lost closes the deal again at the new time")
    func wonToLost() throws {
        let won = try update(try lead(), #"{"stage": "won", "amount": 480000}"#)
        clock.advance(by: 7 * 86_400)
        let lost = try update(won, #"{"stage": "lost", "lost_reason": "Contract cancelled"}"#)
        #expect(lost.closedAt == clock.now)
        #expect(lost.probability == 0)
    }

    // MARK: probability

    @Test("a probability override wins over the stage's, and null returns to the stage's")
    func probabilityOverride() throws {
        let deal = try lead()
        let overridden = try update(deal, #"{"probability": 70}"#)
        #expect(overridden.probability == 70)
        #expect(overridden.probabilityOverride == 70)

        let moved = try update(overridden, #"{"stage": "meeting"}"#, activities: [.meeting])
        #expect(moved.probability == 70)

        let reset = try update(moved, #"{"probability": null}"#)
        #expect(reset.probabilityOverride == nil)
        #expect(reset.probability == 40)
    }

    @Test("probability_override is accepted as the key too")
    func probabilityOverrideKey() throws {
        let deal = try update(try lead(), #"{"probability_override": 5}"#)
        #expect(deal.probability == 5)
    }

    @Test("an override outside 0...100 is refused", arguments: [-1, 101])
    func probabilityRange(value: Int) throws {
        #expect(validationFields(try error(updating: try lead(), with: #"{"probability": \#(value)}"#)) == ["probability"])
    }

    // MARK: validation

    @Test("an unknown stage is a validation error on stage that lists the stages")
    func unknownStage() throws {
        let failure = try error(updating: try lead(), with: #"{"stage": "closed"}"#)
        guard case .validation(let errors)? = failure else {
            Issue.record("expected a validation error, got \(String(describing: failure))")
            return
        }
        #expect(errors.map(\.field) == ["stage"])
        #expect(errors.first?.message == "unknown stage closed; the stages are lead, qualified, meeting, proposal, negotiation, won, lost")
    }

    @Test("an unknown stage is reported with the other problems")
    func unknownStageWithOthers() throws {
        let failure = try error(updating: try lead(), with: #"{"stage": "closed", "title": "", "amount": -5}"#)
        #expect(validationFields(failure) == ["title", "amount", "stage"])
    }

    @Test("a negative amount is refused")
    func negativeAmount() throws {
        let failure = try error(updating: try lead(), with: #"{"amount": -100}"#)
        #expect(failure == .validation([FieldError("amount", "must not be negative (minor units, e.g. 150000 for 1,500.00)")]))
    }

    @Test("validation comes before the stage rule")
    func validationFirst() throws {
        let failure = try error(updating: try lead(), with: #"{"stage": "proposal", "amount": -100}"#)
        #expect(validationFields(failure) == ["amount"])
    }

    @Test("next action and lost reason are at most 500 characters")
    func longTexts() throws {
        let long = String(repeating: "x", count: 501)
        let failure = try error(updating: try lead(), with: #"{"next_action": "\#(long)", "lost_reason": "\#(long)"}"#)
        #expect(validationFields(failure) == ["next_action", "lost_reason"])
    }

    // MARK: rules only on entry

    @Test("rules are not checked again while the stage does not change")
    func rulesOnlyOnEntry() throws {
        let proposal = try create(#"{"title": "Audit", "contact_id": "con_1", "stage": "proposal", "amount": 90000, "expected_close": "2026-06-30"}"#)

        let retitled = try update(proposal, #"{"title": "Security audit", "amount": 120000}"#)
        #expect(retitled.stage == "proposal")
        #expect(retitled.amount == 120_000)

        let noDate = try update(proposal, #"{"expected_close": null}"#)
        #expect(noDate.expectedClose == nil)
        #expect(noDate.stage == "proposal")

        let sameStage = try update(proposal, #"{"stage": "proposal", "expected_close": null}"#)
        #expect(sameStage.stage == "proposal")
        #expect(sameStage.stageChangedAt == proposal.stageChangedAt)
    }

    @Test("a stored deal that no longer meets its stage's rule can still be edited")
    func storedDealEditable() throws {
        var stored = blankDeal()
        stored.title = "Imported deal"
        stored.stage = "proposal"
        stored.amount = 50_000
        stored.probability = 60
        let edited = try update(stored, #"{"owner_id": "usr_1"}"#)
        #expect(edited.ownerID == "usr_1")
        #expect(edited.expectedClose == nil)

        #expect(try error(updating: stored, with: #"{"stage": "proposal"}"#, isNew: true)
            == .stageRule(stage: "proposal", missing: [FieldError("expected_close", "is required to enter Proposal sent")]))
    }

    // MARK: time

    @Test("updatedAt moves on every update, stageChangedAt only when the stage changes")
    func timestamps() throws {
        let created = try lead()
        let start = clock.now

        clock.advance(by: 60)
        let edited = try update(created, #"{"amount": 100000}"#)
        #expect(edited.updatedAt == start.addingTimeInterval(60))
        #expect(edited.stageChangedAt == start)
        #expect(edited.createdAt == start)

        clock.advance(by: 60)
        let moved = try update(edited, #"{"stage": "meeting"}"#, activities: [.meeting])
        #expect(moved.updatedAt == start.addingTimeInterval(120))
        #expect(moved.stageChangedAt == start.addingTimeInterval(120))
        #expect(moved.createdAt == start)
    }

    // MARK: other fields

    @Test("a patch sets, keeps and clears the other fields")
    func otherFields() throws {
        let deal = try create(#"{"title": "Audit", "contact_id": "con_1", "company_id": "com_1", "custom_fields": {"need": "audit", "source": "fair"}}"#)
        let changed = try update(deal, #"{"company_id": null, "currency": "jpy", "custom_fields": {"source": null, "seats": 3}}"#)
        #expect(changed.companyID == nil)
        #expect(changed.contactID == "con_1")
        #expect(changed.currency.code == "JPY")
        #expect(changed.customFields == ["need": .string("audit"), "seats": .number(3)])
    }

    @Test("removing the contact of a deal already in lead is allowed")
    func removeContactLater() throws {
        let changed = try update(try lead(), #"{"contact_id": null}"#)
        #expect(changed.contactID == nil)
    }

    @Test("a deal patch refuses unknown keys and bad values", arguments: [
        #"{"stgae": "won"}"#,
        #"{"amount": "a lot"}"#,
        #"{"currency": "XYZ"}"#,
        #"{"expected_close": "2026-02-30"}"#,
        #"{"next_action_at": "tomorrow"}"#,
    ])
    func patchRejects(json: String) {
        #expect(throws: DecodingError.self) {
            try patch(json)
        }
    }

    @Test("missingForEntry lists a stage's unmet requirements without changing anything")
    func missingForEntry() throws {
        let stage = try #require(Pipeline.standard.stage("negotiation"))
        var deal = try lead()
        #expect(workflow.missingForEntry(of: stage, deal: deal, loggedActivities: []).map(\.field) == ["next_action", "next_action_at"])
        deal.nextAction = "Call back"
        deal.nextActionAt = clock.now
        #expect(workflow.missingForEntry(of: stage, deal: deal, loggedActivities: []).isEmpty)
    }

    @Test("a custom pipeline's rules and first stage are used")
    func customPipeline() throws {
        let pipeline = Pipeline(key: "renewals", name: "Renewals", stages: [
            Stage(key: "due", name: "Due", probability: 50, requiredFields: ["owner", "company"]),
            Stage(key: "renewed", name: "Renewed", probability: 100, outcome: .won),
        ])
        let workflow = DealWorkflow(pipeline: pipeline)
        let blank = Deal(id: "deal_1", pipeline: pipeline, currency: .eur, at: clock.now)
        #expect(blank.stage == "due")
        #expect(blank.pipeline == "renewals")
        #expect(throws: CarnetError.stageRule(stage: "due", missing: [
            FieldError("owner_id", "is required to enter Due"),
            FieldError("company_id", "is required to enter Due"),
        ])) {
            try workflow.apply(patch(#"{"title": "Renewal 2027"}"#), to: blank, isNew: true, loggedActivities: [], at: clock.now)
        }
        let deal = try workflow.apply(patch(#"{"title": "Renewal 2027", "owner_id": "usr_1", "company_id": "com_1"}"#), to: blank, isNew: true, loggedActivities: [], at: clock.now)
        #expect(deal.probability == 50)
        let renewed = try workflow.apply(patch(#"{"stage": "renewed"}"#), to: deal, isNew: false, loggedActivities: [], at: clock.now)
        #expect(renewed.closedAt == clock.now)
    }
}
