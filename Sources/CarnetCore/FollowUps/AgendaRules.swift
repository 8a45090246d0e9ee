import Foundation

/// The rules the Today agenda applies: the pipeline, the next-action discipline, the
/// rotting limits, and how long a hot lead may wait for a first contact.
public struct AgendaRules: Sendable, Equatable {
    public var pipeline: Pipeline
    public var nextAction: NextActionPolicy
    public var rotting: RottingRule
    /// A hot lead shows once it has waited this long without contact (24 hours).
    public var leadResponseTime: TimeInterval

    public init(pipeline: Pipeline = .standard, nextAction: NextActionPolicy = NextActionPolicy(), rotting: RottingRule = .standard, leadResponseTime: TimeInterval = 24 * 3600) {
        self.pipeline = pipeline
        self.nextAction = nextAction
        self.rotting = rotting
        self.leadResponseTime = leadResponseTime
    }
}
