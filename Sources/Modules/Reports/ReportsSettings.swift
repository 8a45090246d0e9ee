import CarnetCore

/// How the reports module reads the pipeline: `[reports]` in `config/carnet.toml`.
public struct ReportsSettings: Sendable {
    /// Open stages whose deals count as committed in the forecast; nil takes the default of
    /// ``committedStages(in:)``.
    public var committedStages: Set<String>?
    /// The fields the missing-fields report counts, per kind of record, in the configured order.
    public var criticalFields: [RecordKind: [CriticalRule]]

    public init(committedStages: Set<String>? = nil, criticalFields: [RecordKind: [CriticalRule]] = Self.defaultCriticalFields) {
        self.committedStages = committedStages
        self.criticalFields = criticalFields
    }

    /// A contact one can reach (an e-mail or a phone), a company's industry, an open deal's
    /// amount and expected close: what the forecast, the segments and the follow-ups rely on.
    public static let defaultCriticalFields: [RecordKind: [CriticalRule]] = [
        .contact: [try! CriticalRule("email|phone", kind: .contact)],
        .company: [try! CriticalRule("industry", kind: .company)],
        .deal: [try! CriticalRule("amount", kind: .deal), try! CriticalRule("expected_close", kind: .deal)],
    ]

    /// The committed stages: the configured ones, else the open stages from `negotiation` on
    /// when the pipeline has that stage, else its last open stage.
    public func committedStages(in pipeline: Pipeline) -> Set<String> {
        if let committedStages { return committedStages }
        let open = pipeline.stages.filter { $0.outcome == .open }.map(\.key)
        if let index = open.firstIndex(of: "negotiation") { return Set(open[index...]) }
        return Set(open.suffix(1))
    }
}
