import CarnetCore

/// What a sequence does: its trigger, its steps and the exit conditions it honours.
public struct SequenceDefinition: Sendable, Equatable {
    public var trigger: SequenceTrigger
    public var steps: [SequenceStep]
    public var exits: [ExitReason]

    /// The most steps a sequence holds.
    public static let maximumSteps = 50

    public init(trigger: SequenceTrigger, steps: [SequenceStep], exits: [ExitReason] = ExitReason.conditions) {
        self.trigger = trigger
        self.steps = steps
        self.exits = exits
    }

    /// The steps in the API's form.
    public var stepsJSON: JSONValue {
        .array(steps.map { $0.json(stepCount: steps.count) })
    }

    /// The exit conditions in the API's form.
    public var exitsJSON: JSONValue {
        .array(exits.map { .string($0.rawValue) })
    }

    /// Where the run goes after step `index`: the next step, or a branch's target.
    public func next(after index: Int, branchTaken: Bool? = nil) -> Int {
        guard case .branch(_, let then, let otherwise) = steps[index], let branchTaken else { return index + 1 }
        return (branchTaken ? then : otherwise) ?? index + 1
    }
}
