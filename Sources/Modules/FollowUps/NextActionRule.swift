import CarnetCore

/// Next-action discipline: an open deal is not created, moved to another open stage or
/// stripped of its next action unless it has one with a date.
///
/// Editing other fields of a deal that has none (one created before the module was
/// switched on) stays possible, so that turning the module on blocks no one's work;
/// Today lists such deals until they get one.
struct NextActionRule: DealRule {
    let policy: NextActionPolicy

    func problems(with deal: Deal, previous: Deal?, pipeline: Pipeline) -> [FieldError] {
        let moving = previous.map { $0.stage != deal.stage } ?? true
        let cleared = previous.map { ($0.nextAction != nil && deal.nextAction == nil) || ($0.nextActionAt != nil && deal.nextActionAt == nil) } ?? false
        guard moving || cleared else { return [] }
        return policy.missing(for: deal, in: pipeline)
    }
}
