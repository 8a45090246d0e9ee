import CarnetCore

/// The pipeline's stage keys by outcome, in pipeline order, for `IN (...)` lists.
struct PipelineStages: Sendable {
    let pipeline: Pipeline

    var open: [String] { pipeline.stages.filter { $0.outcome == .open }.map(\.key) }
    var won: [String] { pipeline.stages.filter { $0.outcome == .won }.map(\.key) }
    var lost: [String] { pipeline.stages.filter { $0.outcome == .lost }.map(\.key) }
    var closed: [String] { won + lost }

    /// A stage's position in the pipeline; nil for a stage it no longer has.
    func index(of key: String) -> Int? {
        pipeline.stages.firstIndex { $0.key == key }
    }

    func outcome(of key: String) -> StageOutcome? {
        pipeline.stage(key)?.outcome
    }
}
