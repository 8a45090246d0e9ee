import CarnetCore

/// How the reports module reads the pipeline: `[reports]` in `config/carnet.toml`.
public struct ReportsSettings: Sendable {
    /// Open stages whose deals count as committed in the forecast; nil takes the default of
    /// ``committedStages(in:)``.
    public var committedStages: Set<String>?

    public init(committedStages: Set<String>? = nil) {
        self.committedStages = committedStages
    }

    /// The committed stages: the configured ones, else the open stages from `negotiation` on
    /// when the pipeline has that stage, else its last open stage.
    public func committedStages(in pipeline: Pipeline) -> Set<String> {
        if let committedStages { return committedStages }
        let open = pipeline.stages.filter { $0.outcome == .open }.map(\.key)
        if let index = open.firstIndex(of: "negotiation") { return Set(open[index...]) }
        return Set(open.suffix(1))
    }
}
