import CarnetCore
import Foundation
import Testing

@Suite("TodayAgenda")
struct TodayAgendaTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    /// Wednesday 25 March 2026, 10:00 in Paris.
    let now = Timestamp.parse("2026-03-25T10:00+01:00")!
    let rules = AgendaRules()

    static func at(_ text: String) -> Date { Timestamp.parse(text)! }

    static func task(_ id: String, due: String, _ priority: TaskPriority = .normal, status: TaskStatus = .open, snoozedUntil: String? = nil) -> FollowUpTask {
        var task = FollowUpTask(id: id, title: "Task \(id)", dueAt: at(due), assigneeID: "usr_1", priority: priority, at: at("2026-03-01T00:00Z"))
        task.status = status
        task.snoozedUntil = snoozedUntil.map(at)
        return task
    }

    static func lead(_ id: String, created: String, contacted: Bool = false, hot: Bool = true, archived: Bool = false) -> AgendaLead {
        var contact = Contact(id: id, at: at(created))
        contact.lastName = "Lead \(id)"
        if archived { contact.archivedAt = at(created) }
        return AgendaLead(contact: contact, contacted: contacted, isHot: hot)
    }

    static func deal(_ id: String, stage: String = "lead", entered: String = "2026-03-01T10:00+01:00", action: String? = nil, actionAt: String? = nil, lastActivity: String? = nil) -> AgendaDeal {
        var deal = Deal(id: id, pipeline: .standard, currency: .eur, at: at("2026-03-01T10:00+01:00"))
        deal.title = "Deal \(id)"
        deal.stage = stage
        deal.stageChangedAt = at(entered)
        deal.nextAction = action
        deal.nextActionAt = actionAt.map(at)
        return AgendaDeal(deal: deal, lastActivityAt: lastActivity.map(at))
    }

    static let tasks = [
        task("t_a", due: "2026-03-23T15:00+01:00", .low),
        task("t_b", due: "2026-03-24T09:00+01:00", .urgent),
        task("t_c", due: "2026-03-24T17:00+01:00", .urgent),
        task("t_d", due: "2026-03-24T08:00+01:00", .normal),
        task("t_e", due: "2026-03-25T08:00+01:00", .high),
        task("t_f", due: "2026-03-25T15:00+01:00", .normal),
        task("t_g", due: "2026-03-25T15:00+01:00", .urgent),
        task("t_h", due: "2026-03-25T11:00+01:00", .low),
        task("t_tomorrow", due: "2026-03-26T09:00+01:00", .urgent),
        task("t_snoozed", due: "2026-03-20T09:00+01:00", .urgent, snoozedUntil: "2026-03-25T12:00+01:00"),
        task("t_done", due: "2026-03-20T09:00+01:00", .urgent, status: .done),
    ]

    static let leads = [
        lead("con_old", created: "2026-03-23T10:00+01:00"),
        lead("con_mid", created: "2026-03-24T10:00+01:00"),
        lead("con_young", created: "2026-03-24T10:01+01:00"),
        lead("con_contacted", created: "2026-03-20T10:00+01:00", contacted: true),
        lead("con_cold", created: "2026-03-20T10:00+01:00", hot: false),
        lead("con_archived", created: "2026-03-20T10:00+01:00", archived: true),
    ]

    static let deals = [
        deal("deal_overdue1", action: "Send quote", actionAt: "2026-03-20T09:00+01:00", lastActivity: "2026-03-24T10:00+01:00"),
        deal("deal_overdue2", action: "Call", actionAt: "2026-03-24T09:00+01:00", lastActivity: "2026-03-24T10:00+01:00"),
        deal("deal_both", action: "Call", actionAt: "2026-03-22T09:00+01:00", lastActivity: "2026-03-01T10:00+01:00"),
        deal("deal_none1", entered: "2026-03-10T10:00+01:00", lastActivity: "2026-03-01T10:00+01:00"),
        deal("deal_none2", entered: "2026-03-02T10:00+01:00"),
        deal("deal_stale1", action: "Call", actionAt: "2026-04-01T09:00+02:00", lastActivity: "2026-03-05T10:00+01:00"),
        deal("deal_stale2", stage: "proposal", action: "Call", actionAt: "2026-04-01T09:00+02:00", lastActivity: "2026-03-12T10:00+01:00"),
        deal("deal_fine", action: "Call", actionAt: "2026-04-01T09:00+02:00", lastActivity: "2026-03-24T10:00+01:00"),
        deal("deal_won", stage: "won", lastActivity: "2026-01-01T10:00+01:00"),
    ]

    func agenda(tasks: [FollowUpTask] = tasks, deals: [AgendaDeal] = deals, leads: [AgendaLead] = leads, rules: AgendaRules? = nil, language: Language = .en) -> TodayAgenda {
        TodayAgenda(tasks: tasks, deals: deals, leads: leads, rules: rules ?? self.rules, now: now, timeZone: Self.paris, language: language)
    }

    @Test("ranks what matters most first")
    func order() {
        let agenda = agenda()
        #expect(agenda.items.map(\.subjectID) == [
            "t_a", "t_b", "t_c", "t_d", "t_e",
            "con_old", "con_mid",
            "deal_overdue1", "deal_both", "deal_overdue2",
            "deal_none2", "deal_none1",
            "t_h", "t_g", "t_f",
            "deal_stale1", "deal_stale2",
        ])
        #expect(agenda.items.map(\.rank) == Array(1...17))
        #expect(agenda.items.prefix(5).allSatisfy { $0.kind == .overdueTask })
    }

    @Test("counts every kind, zero included")
    func counts() {
        #expect(agenda().counts == [
            .overdueTask: 5, .hotLeadUncontacted: 2, .dealNextActionOverdue: 3, .dealWithoutNextAction: 2, .dueTask: 3, .staleDeal: 2,
        ])
        #expect(agenda(tasks: [], deals: [], leads: []).counts == Dictionary(uniqueKeysWithValues: AgendaItemKind.allCases.map { ($0, 0) }))
    }

    @Test("the same input in any order gives the same agenda")
    func deterministic() {
        var generator = SeededGenerator(seed: 7)
        let reference = agenda()
        for _ in 0..<5 {
            let shuffled = agenda(tasks: Self.tasks.shuffled(using: &generator), deals: Self.deals.shuffled(using: &generator), leads: Self.leads.shuffled(using: &generator))
            #expect(shuffled == reference)
        }
    }

    @Test("complete ties are broken on the id")
    func ties() {
        let tasks = [Self.task("t_2", due: "2026-03-24T09:00+01:00"), Self.task("t_1", due: "2026-03-24T09:00+01:00")]
        let deals = [
            Self.deal("deal_b", action: "Call", actionAt: "2026-04-01T09:00+02:00", lastActivity: "2026-03-05T10:00+01:00"),
            Self.deal("deal_a", action: "Call", actionAt: "2026-04-01T09:00+02:00", lastActivity: "2026-03-05T10:00+01:00"),
        ]
        #expect(agenda(tasks: tasks, deals: deals, leads: []).items.map(\.subjectID) == ["t_1", "t_2", "deal_a", "deal_b"])
    }

    @Test("reasons say why, in English", arguments: [
        ("t_a", "agenda.overdue_task", "2 days overdue"),
        ("t_b", "agenda.overdue_task", "1 day overdue"),
        ("t_e", "agenda.overdue_task_today", "Was due today at 8:00"),
        ("con_old", "agenda.hot_lead_uncontacted", "New lead not contacted for 48 hours"),
        ("deal_overdue1", "agenda.deal_next_action_overdue", "Next action “Send quote” was due on 2026-03-20"),
        ("deal_none1", "agenda.deal_without_next_action", "No next action planned"),
        ("t_h", "agenda.due_task", "Due at 11:00"),
        ("deal_stale1", "agenda.stale_deal", "No activity for 20 days (limit 7)"),
    ])
    func reasonsInEnglish(id: String, key: String, reason: String) throws {
        let item = try #require(agenda().items.first { $0.subjectID == id })
        #expect(item.reasonKey == key)
        #expect(item.reason == reason)
    }

    @Test("reasons say why, in French", arguments: [
        ("t_a", "2 jours de retard"),
        ("t_e", "Prévue aujourd’hui à 8h00"),
        ("con_mid", "Nouveau prospect sans contact depuis 24 heures"),
        ("deal_overdue1", "Prochaine action « Send quote » prévue le 20/03/2026"),
        ("deal_none2", "Aucune prochaine action prévue"),
        ("t_f", "À faire à 15h00"),
        ("deal_stale2", "Aucune activité depuis 13 jours (limite 10)"),
    ])
    func reasonsInFrench(id: String, reason: String) throws {
        #expect(try #require(agenda(language: .fr).items.first { $0.subjectID == id }).reason == reason)
    }

    @Test("items carry the title, the instant behind the reason and the task's priority")
    func itemFields() throws {
        let items = agenda().items
        let task = try #require(items.first { $0.subjectID == "t_b" })
        #expect(task.title == "Task t_b")
        #expect(task.at == Self.at("2026-03-24T09:00+01:00"))
        #expect(task.priority == .urgent)
        let lead = try #require(items.first { $0.subjectID == "con_old" })
        #expect(lead.title == "Lead con_old")
        #expect(lead.at == Self.at("2026-03-23T10:00+01:00"))
        #expect(lead.priority == nil)
        let stale = try #require(items.first { $0.subjectID == "deal_stale1" })
        #expect(stale.at == Self.at("2026-03-05T10:00+01:00"))
    }

    @Test("a deal whose next action is not required and has no text still shows when overdue")
    func unnamedNextAction() throws {
        let rules = AgendaRules(nextAction: NextActionPolicy(stages: ["proposal"]))
        let deals = [Self.deal("deal_x", actionAt: "2026-03-20T09:00+01:00", lastActivity: "2026-03-24T10:00+01:00")]
        let item = try #require(agenda(tasks: [], deals: deals, leads: [], rules: rules).items.first)
        #expect(item.kind == .dealNextActionOverdue)
        #expect(item.reasonKey == "agenda.deal_next_action_overdue_unnamed")
        #expect(item.reason == "Next action was due on 2026-03-20")
    }

    @Test("the lead response time is configurable")
    func responseTime() {
        let rules = AgendaRules(leadResponseTime: 3600)
        let ids = agenda(tasks: [], deals: [], leads: Self.leads, rules: rules).items.map(\.subjectID)
        #expect(ids == ["con_old", "con_mid", "con_young"])
    }

    @Test("a task snoozed past now stays hidden, then comes back overdue")
    func snooze() {
        let snoozed = [Self.task("t_s", due: "2026-03-25T08:00+01:00", snoozedUntil: "2026-03-25T10:30+01:00")]
        #expect(agenda(tasks: snoozed, deals: [], leads: []).items.isEmpty)
        let later = TodayAgenda(tasks: snoozed, deals: [], leads: [], rules: rules, now: Self.at("2026-03-25T10:30+01:00"), timeZone: Self.paris)
        #expect(later.items.map(\.kind) == [.overdueTask])
    }

    @Test("days overdue count on the user's calendar across a clock change")
    func overdueAcrossDaylightSaving() throws {
        let monday = Self.at("2026-03-30T08:00+02:00")
        let tasks = [Self.task("t_sat", due: "2026-03-28T23:30+01:00")]
        let item = try #require(TodayAgenda(tasks: tasks, deals: [], leads: [], rules: rules, now: monday, timeZone: Self.paris).items.first)
        #expect(item.reason == "2 days overdue")
    }

    @Test("encodes as JSON with snake_case keys and counts by kind")
    func json() throws {
        let data = try CarnetJSON.encoder.encode(agenda())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts["overdue_task"] == 5)
        #expect(counts.count == AgendaItemKind.allCases.count)
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(Set(items[0].keys) == ["kind", "subject_id", "title", "at", "priority", "reason_key", "reason", "rank"])
        #expect(items[0]["kind"] as? String == "overdue_task")
        #expect(items[5]["priority"] is NSNull)
        #expect(try CarnetJSON.decoder.decode(TodayAgenda.self, from: data) == agenda())
    }
}
