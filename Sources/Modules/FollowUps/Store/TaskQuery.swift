import CarnetCore
import CarnetStore

/// Filters of `GET /api/v1/tasks`.
public struct TaskQuery: Sendable {
    /// Which tasks by due time, read in the module's time zone.
    public enum Due: String, Sendable, CaseIterable {
        /// Open, due before now and not snoozed past now.
        case overdue
        /// Open, due today and not snoozed past today.
        case today
        /// Open and due after today.
        case upcoming
    }

    public var due: Due?
    public var status: TaskStatus = .open
    public var assigneeID: String?
    public var dealID: String?
    public var contactID: String?
    public var companyID: String?
    /// Rows per page, kept within 1...200.
    public var limit = Limits.defaultPageSize {
        didSet { limit = Limits.clampPage(limit) }
    }
    public var cursor: String?

    public init() {}
}
