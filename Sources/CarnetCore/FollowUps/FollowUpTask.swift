import Foundation

/// Something a user must do by a date about a contact, deal or company: “call back Dupont”.
///
/// A snoozed task is out of sight until `snoozedUntil`: it is neither overdue nor due
/// today before then, and comes back as overdue if its due date has passed. Status,
/// outcome and completion date change only through `complete(_:nextID:quickEntry:at:language:)`.
public struct FollowUpTask: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var title: String
    public var dueAt: Date
    public var contactID: String?
    public var dealID: String?
    public var companyID: String?
    /// The user who must do it.
    public var assigneeID: String
    public var priority: TaskPriority
    public var status: TaskStatus
    public var snoozedUntil: Date?
    /// What came of it (“left a message”, “quote accepted”), written when it is done.
    public var outcome: String?
    public var completedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, title: String, dueAt: Date, assigneeID: String, priority: TaskPriority = .normal, at now: Date) {
        self.id = id
        self.title = title
        self.dueAt = dueAt
        self.assigneeID = assigneeID
        self.priority = priority
        status = .open
        version = 1
        createdAt = now
        updatedAt = now
    }

    /// The longest title, in characters.
    public static let titleLimit = 200
    /// The longest outcome, in characters.
    public static let outcomeLimit = 2000

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, dueAt = "due_at", contactID = "contact_id", dealID = "deal_id", companyID = "company_id"
        case assigneeID = "assignee_id", priority, status, snoozedUntil = "snoozed_until", outcome
        case completedAt = "completed_at", version, createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Writes every field, `null` included, so the API's JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(dueAt, forKey: .dueAt)
        try c.encode(contactID, forKey: .contactID)
        try c.encode(dealID, forKey: .dealID)
        try c.encode(companyID, forKey: .companyID)
        try c.encode(assigneeID, forKey: .assigneeID)
        try c.encode(priority, forKey: .priority)
        try c.encode(status, forKey: .status)
        try c.encode(snoozedUntil, forKey: .snoozedUntil)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(completedAt, forKey: .completedAt)
        try c.encode(version, forKey: .version)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    /// Whether the task is open and snoozed past `now`.
    public func isSnoozed(now: Date) -> Bool {
        status == .open && (snoozedUntil.map { $0 > now } ?? false)
    }

    /// Whether the task is open, not snoozed, and its due time has passed.
    public func isOverdue(now: Date) -> Bool {
        status == .open && dueAt < now && !isSnoozed(now: now)
    }

    /// Whether the task is open, not snoozed, and due on today's date in `timeZone`,
    /// earlier today included.
    public func isDueToday(now: Date, timeZone: TimeZone) -> Bool {
        isDue(on: LocalDate(now, in: timeZone), in: timeZone, now: now)
    }

    /// Whether the task is open, not snoozed at `now`, and due on `day` in `timeZone`.
    public func isDue(on day: LocalDate, in timeZone: TimeZone, now: Date) -> Bool {
        status == .open && !isSnoozed(now: now) && LocalDate(dueAt, in: timeZone) == day
    }

    /// Checks every field and throws all problems at once, in `language`.
    public func validate(language: Language = .en) throws(CarnetError) {
        var check = Validator()
        let required = L10n.text("validation.required", language)
        if title.isBlank { check.fail("title", required) }
        Self.limit(&check, "title", title, max: Self.titleLimit, language)
        if assigneeID.isBlank { check.fail("assignee_id", required) }
        Self.limit(&check, "outcome", outcome, max: Self.outcomeLimit, language)
        switch status {
        case .open: if completedAt != nil { check.fail("completed_at", L10n.text("task.open_with_completion", language)) }
        case .done: if completedAt == nil { check.fail("completed_at", L10n.text("task.completed_without_date", language)) }
        }
        try check.check()
    }

    private static func limit(_ check: inout Validator, _ field: String, _ value: String?, max: Int, _ language: Language) {
        guard let value, Validator.longer(value, than: max) else { return }
        check.fail(field, L10n.text("validation.too_long", language, ["max": String(max), "count": String(value.count)]))
    }

    /// Trims the texts; blank optional texts and ids become `nil`.
    public mutating func normalize() {
        title = title.trimmedOrNil ?? ""
        contactID = contactID?.trimmedOrNil
        dealID = dealID?.trimmedOrNil
        companyID = companyID?.trimmedOrNil
        assigneeID = assigneeID.trimmedOrNil ?? ""
        outcome = outcome?.trimmedOrNil
    }
}

extension IDPrefix {
    /// Follow-up tasks (`tsk_01jd3k...`).
    public static let task = "tsk"
}
