import Foundation

/// A partial change to a follow-up task: the body of `POST` and `PATCH /api/v1/tasks`.
///
/// `due_at`, `assignee_id` and `priority` cannot be cleared: `null` leaves them as they are.
/// Status, outcome and completion are not here: a task is done through `TaskCompletion`.
public struct TaskPatch: Sendable, Decodable {
    public var title: String?
    public var dueAt: Date?
    public var contactID, dealID, companyID: String??
    public var assigneeID: String?
    public var priority: TaskPriority?
    public var snoozedUntil: Date??
    public var version: Int?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, dueAt = "due_at", contactID = "contact_id", dealID = "deal_id", companyID = "company_id"
        case assigneeID = "assignee_id", priority, snoozedUntil = "snoozed_until", version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.patch(String.self, forKey: .title).map { $0 ?? "" }
        dueAt = try c.decodeIfPresent(Date.self, forKey: .dueAt)
        contactID = try c.patch(String.self, forKey: .contactID)
        dealID = try c.patch(String.self, forKey: .dealID)
        companyID = try c.patch(String.self, forKey: .companyID)
        assigneeID = try c.decodeIfPresent(String.self, forKey: .assigneeID)
        priority = try c.decodeIfPresent(TaskPriority.self, forKey: .priority)
        snoozedUntil = try c.patch(Date.self, forKey: .snoozedUntil)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension FollowUpTask {
    /// A new open task from the body of `POST /api/v1/tasks`, assigned to `creatorID` unless
    /// the body names someone; throws when `due_at` is missing or a field is invalid.
    public static func create(id: String, from patch: TaskPatch, creatorID: String, at now: Date, language: Language = .en) throws(CarnetError) -> FollowUpTask {
        guard let dueAt = patch.dueAt else {
            var errors = [FieldError("due_at", L10n.text("validation.required", language))]
            if (patch.title ?? "").isBlank { errors.insert(FieldError("title", L10n.text("validation.required", language)), at: 0) }
            throw .validation(errors)
        }
        var task = FollowUpTask(id: id, title: "", dueAt: dueAt, assigneeID: creatorID, at: now)
        task.apply(patch)
        try task.validate(language: language)
        return task
    }

    /// Applies a patch and normalises the result; the caller validates and sets `updatedAt`.
    public mutating func apply(_ patch: TaskPatch) {
        if let title = patch.title { self.title = title }
        if let dueAt = patch.dueAt { self.dueAt = dueAt }
        CarnetCore.apply(patch.contactID, to: &contactID)
        CarnetCore.apply(patch.dealID, to: &dealID)
        CarnetCore.apply(patch.companyID, to: &companyID)
        if let assigneeID = patch.assigneeID { self.assigneeID = assigneeID }
        if let priority = patch.priority { self.priority = priority }
        CarnetCore.apply(patch.snoozedUntil, to: &snoozedUntil)
        normalize()
    }
}
