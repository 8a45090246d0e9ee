/// Why something is on a user's Today agenda, most important first (see `TodayAgenda`).
public enum AgendaItemKind: String, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    case overdueTask = "overdue_task"
    case hotLeadUncontacted = "hot_lead_uncontacted"
    case dealNextActionOverdue = "deal_next_action_overdue"
    case dealWithoutNextAction = "deal_without_next_action"
    case dueTask = "due_task"
    case staleDeal = "stale_deal"
}
