/// How many signals of one kind a contact has of one age in whole days.
public struct SignalCount: Sendable, Hashable {
    public var kind: SignalKind
    public var ageDays: Int
    public var count: Int

    public init(kind: SignalKind, ageDays: Int, count: Int) {
        self.kind = kind
        self.ageDays = ageDays
        self.count = count
    }
}
