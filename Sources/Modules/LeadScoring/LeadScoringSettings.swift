/// How the lead scoring module works: `[leadscoring]` in `config/carnet.toml`.
public struct LeadScoringSettings: Sendable, Equatable {
    /// Contacts read, scored and written per transaction by a recompute and the decay job.
    public var batchSize = 5_000
    /// Hours between two runs of the decay job, which rescores every contact with signals.
    public var decayEveryHours = 24
    /// The months `GET /api/v1/scoring/backtest` looks back when the request says nothing.
    public var backtestMonths = 6

    public init() {}
}
