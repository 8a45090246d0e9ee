/// How an assignment rule picks a new lead's owner.
public enum AssignmentKind: String, Sendable, Codable, CaseIterable {
    /// The lead's region, country or postcode prefix names the owner.
    case territory
    /// The industry of the lead's company names the owner.
    case industry
    /// Each lead goes to the next of a list of users (or of every active member), in turn.
    case roundRobin = "round_robin"
    /// A Lua plugin's function (`assign(lead)` by default) answers the owner, or nil to pass.
    case plugin
}
