/// How many rows `DemoData.install` wrote.
public struct DemoSummary: Sendable {
    public var users = 0
    public var companies = 0
    public var contacts = 0
    public var deals = 0
    public var activities = 0

    public init() {}
}
