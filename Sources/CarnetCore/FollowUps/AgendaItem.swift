import Foundation

/// One line of the Today agenda: a task, deal or lead, and why it needs the user now.
public struct AgendaItem: Sendable, Equatable, Codable {
    public var kind: AgendaItemKind
    /// The id of the task, deal or contact.
    public var subjectID: String
    /// The task's or deal's title, or the lead's name.
    public var title: String
    /// The instant behind the reason: the task's due time, the deal's next action time,
    /// the lead's arrival, or the start of a deal's silence.
    public var at: Date
    /// The task's priority; nil for deals and leads.
    public var priority: TaskPriority?
    /// The `L10n` key of `reason`, for clients that translate on their side; for a plural
    /// text, the key without its `.one` / `.other` ending.
    public var reasonKey: String
    /// Why it is on the agenda, in the user's language: “2 days overdue”.
    public var reason: String
    /// The position on the agenda, from 1.
    public var rank: Int

    public init(kind: AgendaItemKind, subjectID: String, title: String, at: Date, priority: TaskPriority? = nil, reasonKey: String, reason: String, rank: Int = 0) {
        self.kind = kind
        self.subjectID = subjectID
        self.title = title
        self.at = at
        self.priority = priority
        self.reasonKey = reasonKey
        self.reason = reason
        self.rank = rank
    }

    enum CodingKeys: String, CodingKey {
        case kind, subjectID = "subject_id", title, at, priority, reasonKey = "reason_key", reason, rank
    }

    /// Writes every field, `null` included, so the API's JSON always has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(subjectID, forKey: .subjectID)
        try c.encode(title, forKey: .title)
        try c.encode(at, forKey: .at)
        try c.encode(priority, forKey: .priority)
        try c.encode(reasonKey, forKey: .reasonKey)
        try c.encode(reason, forKey: .reason)
        try c.encode(rank, forKey: .rank)
    }
}
