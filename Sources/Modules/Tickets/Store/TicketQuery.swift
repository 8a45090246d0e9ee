import CarnetCore
import CarnetStore

/// Filters of `GET /api/v1/tickets`; the list is newest first.
public struct TicketQuery: Sendable {
    public var status: TicketStatus?
    public var assigneeID: String?
    public var priority: TicketPriority?
    public var companyID: String?
    public var contactID: String?
    /// Only active tickets whose next SLA due time falls within the module's breaching-soon window.
    public var breachingSoon = false
    /// List archived tickets instead of live ones.
    public var archived = false
    /// Rows per page, kept within 1...200.
    public var limit = Limits.defaultPageSize {
        didSet { limit = Limits.clampPage(limit) }
    }
    public var cursor: String?

    public init() {}
}
