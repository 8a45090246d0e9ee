extension Pipeline {
    /// Whether a deal is still being worked: not archived, and in a stage that is neither
    /// won nor lost (for a stage this pipeline does not know, when it has no `closedAt`).
    public func isOpen(_ deal: Deal) -> Bool {
        guard deal.archivedAt == nil else { return false }
        guard let stage = stage(deal.stage) else { return deal.closedAt == nil }
        return stage.outcome == .open
    }
}

extension Stage {
    /// The stage's name in a language: the French name when there is one.
    public func name(in language: Language) -> String {
        language == .fr ? nameFR ?? name : name
    }
}
