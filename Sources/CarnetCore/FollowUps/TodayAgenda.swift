import Foundation

/// What a user should do today, most important first: the Today page.
///
/// The caller passes the user's open tasks, open deals and new leads; the agenda picks
/// what needs attention and ranks it by what matters most:
/// 1. **Overdue tasks**: the most days late first (days count on the user's calendar),
///    then the highest priority, then the earliest due.
/// 2. **Hot leads not contacted** after the response time (24 h): the longest waiting first.
///    A lead cools fast; it comes before deals already in hand.
/// 3. **Deals whose next action is overdue**: the earliest due first.
/// 4. **Deals without a next action** where the policy requires one: the longest in their
///    stage first.
/// 5. **Tasks due later today**: by time, then the highest priority.
/// 6. **Stale deals**: the most days past their stage's limit first.
///
/// Every tie ends on the id, so the same input always gives the same order. A deal
/// appears once, under its first reason in that list; snoozed tasks, archived contacts
/// and closed deals do not appear.
public struct TodayAgenda: Sendable, Equatable, Codable {
    public var items: [AgendaItem]
    /// How many items of each kind, every kind present (0 when none).
    public var counts: [AgendaItemKind: Int]

    public init(tasks: [FollowUpTask], deals: [AgendaDeal], leads: [AgendaLead], rules: AgendaRules, now: Date, timeZone: TimeZone, language: Language = .en) {
        let builder = Builder(rules: rules, now: now, timeZone: timeZone, language: language)
        let candidates = tasks.compactMap(builder.entry(for:)) + leads.compactMap(builder.entry(for:)) + deals.compactMap(builder.entry(for:))
        items = candidates.sorted { $0.key < $1.key }.enumerated().map { index, candidate in
            var item = candidate.item
            item.rank = index + 1
            return item
        }
        var counts = Dictionary(uniqueKeysWithValues: AgendaItemKind.allCases.map { ($0, 0) })
        for item in items { counts[item.kind, default: 0] += 1 }
        self.counts = counts
    }

    /// Where an item sorts: its kind's place, then numbers compared in order, then its id.
    struct SortKey: Comparable {
        let group: Int
        let values: [Int64]
        let id: String

        static func < (lhs: SortKey, rhs: SortKey) -> Bool {
            if lhs.group != rhs.group { return lhs.group < rhs.group }
            if lhs.values != rhs.values { return lhs.values.lexicographicallyPrecedes(rhs.values) }
            return lhs.id < rhs.id
        }
    }

    struct Candidate {
        let item: AgendaItem
        let key: SortKey
    }

    /// Reasons already written, by text key and number: an agenda has hundreds of items but
    /// few distinct reasons (days late, times of day), and filling a text is most of an item's cost.
    final class ReasonMemo {
        /// The texts remembered, each by its number (days, minute of the day).
        enum Text: Int, CaseIterable {
            case overdueTask, overdueToday, dueTask, staleDeal
        }

        private var texts = [[Int: String]](repeating: [:], count: Text.allCases.count)

        func text(_ text: Text, _ number: Int, _ make: () -> String) -> String {
            if let known = texts[text.rawValue][number] { return known }
            let made = make()
            texts[text.rawValue][number] = made
            return made
        }
    }

    /// Turns tasks, leads and deals into ranked candidates.
    struct Builder {
        let rules: AgendaRules
        let now: Date
        let timeZone: TimeZone
        let language: Language
        /// Computed once: a time zone lookup costs microseconds, and the agenda has hundreds of items.
        let today: LocalDate
        let reasons = ReasonMemo()

        init(rules: AgendaRules, now: Date, timeZone: TimeZone, language: Language) {
            self.rules = rules
            self.now = now
            self.timeZone = timeZone
            self.language = language
            today = LocalDate(now, in: timeZone)
        }

        private func candidate(_ kind: AgendaItemKind, id: String, title: String, at: Date, priority: TaskPriority? = nil,
                               reasonKey: String, reason: String, sort values: [Int64]) -> Candidate {
            let group = AgendaItemKind.allCases.firstIndex(of: kind)!
            return Candidate(
                item: AgendaItem(kind: kind, subjectID: id, title: title, at: at, priority: priority, reasonKey: reasonKey, reason: reason),
                key: SortKey(group: group, values: values, id: id))
        }

        /// The minute of the day `instant` shows on the user's clocks.
        private func minuteOfDay(_ instant: Date) -> Int {
            let local = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
            return (local % 86_400 + 86_400) % 86_400 / 60
        }

        /// The text of `key` with `{time}` the clock time of `minute`, as the user's language writes it.
        private func timed(_ text: ReasonMemo.Text, _ key: String, minute: Int) -> String {
            reasons.text(text, minute) { L10n.text(key, language, ["time": L10n.time(hour: minute / 60, minute: minute % 60, language)]) }
        }

        private func priorityRank(_ priority: TaskPriority) -> Int64 {
            Int64(TaskPriority.allCases.firstIndex(of: priority)!)
        }

        func entry(for task: FollowUpTask) -> Candidate? {
            let due = Timestamp.millis(task.dueAt)
            if task.isOverdue(now: now) {
                let days = LocalDate(task.dueAt, in: timeZone).days(until: today)
                let (key, reason) = days == 0
                    ? ("agenda.overdue_task_today", timed(.overdueToday, "agenda.overdue_task_today", minute: minuteOfDay(task.dueAt)))
                    : ("agenda.overdue_task", reasons.text(.overdueTask, days) { L10n.plural("agenda.overdue_task", count: days, language) })
                return candidate(.overdueTask, id: task.id, title: task.title, at: task.dueAt, priority: task.priority,
                                 reasonKey: key, reason: reason, sort: [-Int64(days), -priorityRank(task.priority), due])
            }
            guard task.isDue(on: today, in: timeZone, now: now) else { return nil }
            return candidate(.dueTask, id: task.id, title: task.title, at: task.dueAt, priority: task.priority,
                             reasonKey: "agenda.due_task", reason: timed(.dueTask, "agenda.due_task", minute: minuteOfDay(task.dueAt)),
                             sort: [due, -priorityRank(task.priority)])
        }

        func entry(for lead: AgendaLead) -> Candidate? {
            let contact = lead.contact
            let waited = now.timeIntervalSince(contact.createdAt)
            guard lead.isHot, !lead.contacted, contact.archivedAt == nil, waited >= rules.leadResponseTime else { return nil }
            let reason = L10n.text("agenda.hot_lead_uncontacted", language, ["hours": String(Int(waited / 3600))])
            return candidate(.hotLeadUncontacted, id: contact.id, title: contact.displayName, at: contact.createdAt,
                             reasonKey: "agenda.hot_lead_uncontacted", reason: reason, sort: [Timestamp.millis(contact.createdAt)])
        }

        func entry(for agendaDeal: AgendaDeal) -> Candidate? {
            let deal = agendaDeal.deal
            guard rules.pipeline.isOpen(deal) else { return nil }
            if rules.nextAction.lacksNextAction(deal, in: rules.pipeline) {
                return candidate(.dealWithoutNextAction, id: deal.id, title: deal.title, at: deal.stageChangedAt,
                                 reasonKey: "agenda.deal_without_next_action", reason: L10n.text("agenda.deal_without_next_action", language),
                                 sort: [Timestamp.millis(deal.stageChangedAt)])
            }
            if rules.nextAction.isOverdue(deal, in: rules.pipeline, now: now), let due = deal.nextActionAt {
                let date = L10n.date(LocalDate(due, in: timeZone), language)
                let (key, reason) = if let action = deal.nextAction?.trimmedOrNil {
                    ("agenda.deal_next_action_overdue", L10n.text("agenda.deal_next_action_overdue", language, ["action": action, "date": date]))
                } else {
                    ("agenda.deal_next_action_overdue_unnamed", L10n.text("agenda.deal_next_action_overdue_unnamed", language, ["date": date]))
                }
                return candidate(.dealNextActionOverdue, id: deal.id, title: deal.title, at: due,
                                 reasonKey: key, reason: reason, sort: [Timestamp.millis(due)])
            }
            guard let rotting = rules.rotting.status(of: deal, lastActivityAt: agendaDeal.lastActivityAt, in: rules.pipeline, now: now),
                  rotting.isStale
            else { return nil }
            let reason = reasons.text(.staleDeal, rotting.daysSince << 16 | rotting.limit) {
                L10n.plural("agenda.stale_deal", count: rotting.daysSince, language, ["limit": String(rotting.limit)])
            }
            return candidate(.staleDeal, id: deal.id, title: deal.title, at: rotting.since,
                             reasonKey: "agenda.stale_deal", reason: reason, sort: [-Int64(rotting.daysSince - rotting.limit)])
        }
    }
}
