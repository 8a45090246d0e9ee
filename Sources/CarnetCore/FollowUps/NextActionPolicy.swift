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

    /// One error for each of `next_action` and `next_action_at` that an open deal lacks
    /// where its stage requires them; empty otherwise.
    public func missing(for deal: Deal, in pipeline: Pipeline, language: Language = .en) -> [FieldError] {
        guard pipeline.isOpen(deal) else { return [] }
        let stage = pipeline.stage(deal.stage)
        if let stage, !requiresNextAction(in: stage) { return [] }
        if stage == nil, let stages, !stages.contains(deal.stage) { return [] }
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
