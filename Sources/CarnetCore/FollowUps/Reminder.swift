import Foundation

/// An in-app notification for one user: something that needs them, found by the reminder scan.
///
/// Its message is not stored: it is written from `kind` and `data` in the reader's language
/// (`message(in:)`). `dedupeKey` names the occasion (this deal going stale since this day,
/// this task falling due at this time), so a scan that runs again, in this instance or
/// another, adds no second reminder for it.
public struct Reminder: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var userID: String
    public var kind: ReminderKind
    /// What it is about: `deal`, `task` or `contact`, and its id.
    public var entity: String
    public var entityID: String
    /// The name of what it is about when the scan ran (a deal's title, a task's title, a contact's name).
    public var title: String
    /// The values its message needs (`days`, `limit`, `date`).
    public var data: [String: String]
    public var dedupeKey: String
    public var createdAt: Date
    public var readAt: Date?

    public init(id: String, userID: String, kind: ReminderKind, entity: String, entityID: String, title: String,
                data: [String: String] = [:], dedupeKey: String, createdAt: Date, readAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.kind = kind
        self.entity = entity
        self.entityID = entityID
        self.title = title
        self.data = data
        self.dedupeKey = dedupeKey
        self.createdAt = createdAt
        self.readAt = readAt
    }

    enum CodingKeys: String, CodingKey {
        case id, userID = "user_id", kind, entity, entityID = "entity_id", title, data, dedupeKey = "dedupe_key"
        case createdAt = "created_at", readAt = "read_at"
    }

    /// What the reminder says, in `language`.
    public func message(in language: Language) -> String {
        switch kind {
        case .dealStale:
            L10n.plural("reminder.deal_stale", count: Int(data["days"] ?? "") ?? 0, language, ["title": title, "limit": data["limit"] ?? ""])
        case .dealNextActionOverdue:
            L10n.text("reminder.deal_next_action_overdue", language, ["title": title, "date": date(language)])
        case .taskDue:
            L10n.text("reminder.task_due", language, ["title": title, "date": date(language)])
        case .leadUncontacted:
            L10n.text("reminder.lead_uncontacted", language, ["title": title, "hours": data["hours"] ?? ""])
        }
    }
}

extension Reminder {
    /// `data["date"]` (an ISO local date) as `language` writes dates.
    private func date(_ language: Language) -> String {
        guard let text = data["date"], let date = LocalDate(text) else { return data["date"] ?? "" }
        return L10n.date(date, language)
    }
}

/// Why a reminder was made.
public enum ReminderKind: String, Sendable, Codable, CaseIterable {
    /// An open deal went longer without activity than its stage allows.
    case dealStale = "deal_stale"
    /// An open deal's next action date passed.
    case dealNextActionOverdue = "deal_next_action_overdue"
    /// An open task fell due.
    case taskDue = "task_due"
    /// A new lead waited longer than the response time for a first contact.
    case leadUncontacted = "lead_uncontacted"
}
