import Foundation

/// The follow-up discipline: which open deals must say what happens next, and when.
///
/// Won and lost stages never require a next action, whatever the configuration says.
/// Unlike a stage's entry rule, which is checked once when a deal enters the stage,
/// this policy is checked on every deal every day: it feeds the Today agenda and the
/// warnings on a deal's page.
public struct NextActionPolicy: Sendable, Equatable {
    /// The keys of the stages that require a next action; `nil` means every open stage.
    public var stages: Set<String>?

    public init(stages: Set<String>? = nil) {
        self.stages = stages
    }

    /// Whether a deal in `stage` must have a next action and its date.
    public func requiresNextAction(in stage: Stage) -> Bool {
        stage.outcome == .open && (stages?.contains(stage.key) ?? true)
    }

    /// Whether an open deal lacks the next action or its date where its stage requires them:
    /// `missing` without writing its messages.
    public func lacksNextAction(_ deal: Deal, in pipeline: Pipeline) -> Bool {
        applies(to: deal, in: pipeline) && (!deal.hasValue(forRuleField: "next_action") || !deal.hasValue(forRuleField: "next_action_at"))
    }

    /// Whether the policy covers the deal: open, in a stage that requires a next action.
    private func applies(to deal: Deal, in pipeline: Pipeline) -> Bool {
        guard pipeline.isOpen(deal) else { return false }
        let stage = pipeline.stage(deal.stage)
        if let stage, !requiresNextAction(in: stage) { return false }
        if stage == nil, let stages, !stages.contains(deal.stage) { return false }
        return true
    }

    /// One error for each of `next_action` and `next_action_at` that an open deal lacks
    /// where its stage requires them; empty otherwise.
    public func missing(for deal: Deal, in pipeline: Pipeline, language: Language = .en) -> [FieldError] {
        guard applies(to: deal, in: pipeline) else { return [] }
        let stage = pipeline.stage(deal.stage)
        let values = ["stage": stage?.name(in: language) ?? deal.stage]
        var errors: [FieldError] = []
        if !deal.hasValue(forRuleField: "next_action") {
            errors.append(FieldError("next_action", L10n.text("deal.next_action_required", language, values)))
        }
        if !deal.hasValue(forRuleField: "next_action_at") {
            errors.append(FieldError("next_action_at", L10n.text("deal.next_action_at_required", language, values)))
        }
        return errors
    }

    /// Whether an open deal's next action was due before `now`.
    public func isOverdue(_ deal: Deal, in pipeline: Pipeline, now: Date) -> Bool {
        guard let due = deal.nextActionAt else { return false }
        return due < now && pipeline.isOpen(deal)
    }
}
