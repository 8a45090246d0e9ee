import Foundation

/// Decides which reminders the scan makes from what it read: open deals with their last
/// activity, open tasks that fell due, new leads nobody contacted. No I/O: the store reads,
/// this decides, the store writes.
///
/// Each reminder's dedupe key names its occasion, so scanning again adds nothing new until
/// something changes: a stale deal is reminded once per stretch without activity (its key
/// holds the day the stretch began), an overdue next action once per date, a task once per
/// due time, a lead once.
public struct ReminderScan: Sendable {
    public var rules: AgendaRules
    public var timeZone: TimeZone

    public init(rules: AgendaRules, timeZone: TimeZone) {
        self.rules = rules
        self.timeZone = timeZone
    }

    /// A task as the scan reads it.
    public struct DueTask: Sendable, Equatable {
        public var id: String, title: String, assigneeID: String, dueAt: Date
        public init(id: String, title: String, assigneeID: String, dueAt: Date) {
            (self.id, self.title, self.assigneeID, self.dueAt) = (id, title, assigneeID, dueAt)
        }
    }

    /// A new contact as the scan reads it.
    public struct Lead: Sendable, Equatable {
        public var id: String, name: String, ownerID: String, createdAt: Date
        public init(id: String, name: String, ownerID: String, createdAt: Date) {
            (self.id, self.name, self.ownerID, self.createdAt) = (id, name, ownerID, createdAt)
        }
    }

    /// The reminders for these deals, tasks and leads at `now`; ids come from `makeID`.
    public func reminders(deals: [AgendaDeal], tasks: [DueTask], leads: [Lead], now: Date, makeID: () -> String) -> [Reminder] {
        var result: [Reminder] = []
        func add(_ user: String, _ kind: ReminderKind, _ entity: String, _ id: String, _ title: String, _ data: [String: String], key: String) {
            result.append(Reminder(id: makeID(), userID: user, kind: kind, entity: entity, entityID: id, title: title, data: data,
                                   dedupeKey: "\(kind.rawValue):\(id):\(key)", createdAt: now))
        }
        for item in deals {
            let deal = item.deal
            guard let owner = deal.ownerID, rules.pipeline.isOpen(deal) else { continue }
            if let status = rules.rotting.status(of: deal, lastActivityAt: item.lastActivityAt, in: rules.pipeline, now: now),
               status.daysSince >= status.limit {
                add(owner, .dealStale, "deal", deal.id, deal.title, ["days": String(status.daysSince), "limit": String(status.limit)],
                    key: String(Int(status.since.timeIntervalSince1970)))
            }
            if let due = deal.nextActionAt, due <= now {
                add(owner, .dealNextActionOverdue, "deal", deal.id, deal.title, ["date": LocalDate(due, in: timeZone).description],
                    key: String(Int(due.timeIntervalSince1970)))
            }
        }
        for task in tasks where task.dueAt <= now {
            add(task.assigneeID, .taskDue, "task", task.id, task.title, ["date": LocalDate(task.dueAt, in: timeZone).description],
                key: String(Int(task.dueAt.timeIntervalSince1970)))
        }
        for lead in leads where now.timeIntervalSince(lead.createdAt) >= rules.leadResponseTime {
            add(lead.ownerID, .leadUncontacted, "contact", lead.id, lead.name,
                ["hours": String(Int(now.timeIntervalSince(lead.createdAt) / 3600))], key: "first")
        }
        return result
    }
}
