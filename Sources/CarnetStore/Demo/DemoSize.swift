/// How big a demo sample `carnet demo --size` makes.
public enum DemoSize: String, Sendable, CaseIterable {
    /// 200 contacts written through the services, every rule and event applied (`DemoData`).
    case small
    /// 100,000 contacts through the bulk path (`BulkDemo`).
    case medium
    /// 1,000,000 contacts, 200,000 companies, 500,000 deals and 5,000,000 activities through the bulk path.
    case large

    /// The counts of the bulk sizes; nil for `small`, which the services write one by one.
    public var bulkCounts: DemoCounts? {
        switch self {
        case .small: nil
        case .medium: DemoCounts(contacts: 100_000)
        case .large: DemoCounts(contacts: 1_000_000)
        }
    }
}

/// How many records of each kind a bulk sample holds.
public struct DemoCounts: Sendable, Equatable {
    public var users: Int
    public var companies: Int
    public var contacts: Int
    public var deals: Int
    public var activities: Int

    /// The proportions of an SME that has kept two years of history: five contacts per
    /// company, a deal for every two contacts, five activities per contact, and one user
    /// per 20,000 contacts (at least 4, at most 50).
    public init(contacts: Int) {
        self.contacts = max(1, contacts)
        companies = max(1, self.contacts / 5)
        deals = self.contacts / 2
        activities = self.contacts * 5
        users = min(50, max(4, self.contacts / 20_000))
    }
}
