import Foundation

/// The rules of changing a deal: validation, stage entry rules, probability, closing.
///
/// Pure: the caller supplies the deal as stored, the patch, the pipeline and the kinds
/// of activity already logged on the deal; it gets back the new deal or a typed error.
public struct DealWorkflow: Sendable {
    public let pipeline: Pipeline

    public init(pipeline: Pipeline) {
        self.pipeline = pipeline
    }

    /// Applies a patch to a deal (a new one for `POST`), enforcing every rule.
    ///
    /// The entry rule of the target stage is checked when the stage changes, and on
    /// creation. Entering a won/lost stage sets `closedAt`; leaving it clears it.
    public func apply(_ patch: DealPatch, to current: Deal, isNew: Bool, loggedActivities: Set<ActivityKind>, at now: Date) throws(CarnetError) -> Deal {
        var deal = current
        if let title = patch.title { deal.title = title.trimmingCharacters(in: .whitespacesAndNewlines) }
        CarnetCore.apply(patch.contactID, to: &deal.contactID)
        CarnetCore.apply(patch.companyID, to: &deal.companyID)
        CarnetCore.apply(patch.ownerID, to: &deal.ownerID)
        CarnetCore.apply(patch.nextAction, to: &deal.nextAction)
        deal.nextAction = deal.nextAction?.trimmedOrNil
        CarnetCore.apply(patch.lostReason, to: &deal.lostReason)
        deal.lostReason = deal.lostReason?.trimmedOrNil
        CarnetCore.apply(patch.amount, to: &deal.amount)
        if let currency = patch.currency { deal.currency = currency }
        CarnetCore.apply(patch.probability, to: &deal.probabilityOverride)
        CarnetCore.apply(patch.expectedClose, to: &deal.expectedClose)
        CarnetCore.apply(patch.nextActionAt, to: &deal.nextActionAt)
        if let fields = patch.customFields { deal.customFields.merge(patch: fields) }
        if let stage = patch.stage { deal.stage = stage }

        var check = Validator()
        check.required("title", deal.title)
        if let amount = deal.amount, amount < 0 { check.fail("amount", "must not be negative (minor units, e.g. 150000 for 1,500.00)") }
        if let override = deal.probabilityOverride, !(0...100).contains(override) { check.fail("probability", "must be between 0 and 100") }
        check.length("next_action", deal.nextAction, max: 500)
        check.length("lost_reason", deal.lostReason, max: 500)
        check.customFields(deal.customFields)
        guard let stage = pipeline.stage(deal.stage) else {
            check.fail("stage", "unknown stage \(deal.stage); the stages are \(pipeline.stages.map(\.key).joined(separator: ", "))")
            try check.check()
            return deal
        }
        try check.check()

        let stageChanged = isNew || deal.stage != current.stage
        if stageChanged {
            let missing = missingForEntry(of: stage, deal: deal, loggedActivities: loggedActivities)
            if !missing.isEmpty { throw .stageRule(stage: stage.key, missing: missing) }
            deal.stageChangedAt = now
        }
        // A closed deal is certain: won and lost stages ignore the override.
        deal.probability = stage.outcome == .open ? deal.probabilityOverride ?? stage.probability : stage.probability
        switch stage.outcome {
        case .open: deal.closedAt = nil
        case .won, .lost: if stageChanged || deal.closedAt == nil { deal.closedAt = now }
        }
        if !isNew { deal.updatedAt = now }
        return deal
    }

    /// What a deal lacks to enter a stage, one error per missing field or activity.
    public func missingForEntry(of stage: Stage, deal: Deal, loggedActivities: Set<ActivityKind>) -> [FieldError] {
        var missing: [FieldError] = []
        for field in stage.requiredFields where !deal.hasValue(forRuleField: field) {
            missing.append(FieldError(Self.apiName(ofRuleField: field), "is required to enter \(stage.name)"))
        }
        if let kind = stage.requiredActivity, !loggedActivities.contains(kind) {
            missing.append(FieldError("activities", "log a \(kind.rawValue) on this deal before it enters \(stage.name)"))
        }
        return missing
    }

    /// The API field a rule field refers to (`contact` → `contact_id`).
    static func apiName(ofRuleField field: String) -> String {
        switch field {
        case "contact", "company", "owner": field + "_id"
        default: field
        }
    }
}
