import CarnetCore
import Foundation
import Testing

@Suite("Reminder scan")
struct ReminderScanTests {
    let start = Date(timeIntervalSince1970: 1_772_442_000)
    let scan = ReminderScan(rules: AgendaRules(), timeZone: TimeZone(identifier: "Europe/Paris")!)

    func deal(_ id: String, stage: String = "lead", owner: String? = "usr_ana") -> Deal {
        var deal = Deal(id: id, pipeline: .standard, currency: .eur, at: start)
        deal.title = "Deal \(id)"
        deal.stage = stage
        deal.ownerID = owner
        return deal
    }

    func run(deals: [AgendaDeal] = [], tasks: [ReminderScan.DueTask] = [], leads: [ReminderScan.Lead] = [], after days: Double) -> [Reminder] {
        var next = 0
        return scan.reminders(deals: deals, tasks: tasks, leads: leads, now: start.addingTimeInterval(days * 86_400)) {
            next += 1
            return "rem_\(next)"
        }
    }

    @Test("a stale deal is reminded once per stretch without activity: a new activity starts a new occasion")
    func staleOccasions() {
        let quiet = run(deals: [AgendaDeal(deal: deal("a"), lastActivityAt: nil)], after: 7)
        let worked = run(deals: [AgendaDeal(deal: deal("a"), lastActivityAt: start.addingTimeInterval(86_400))], after: 8)
        #expect(quiet.map(\.kind) == [.dealStale])
        #expect(worked.map(\.kind) == [.dealStale])
        #expect(quiet[0].dedupeKey != worked[0].dedupeKey)
        #expect(run(deals: [AgendaDeal(deal: deal("a"), lastActivityAt: nil)], after: 6.9).isEmpty)
    }

    @Test("closed deals, deals nobody owns and tasks not yet due make no reminder")
    func quiet() {
        let won = AgendaDeal(deal: deal("w", stage: "won"), lastActivityAt: nil)
        let unowned = AgendaDeal(deal: deal("u", owner: nil), lastActivityAt: nil)
        let later = ReminderScan.DueTask(id: "tsk_1", title: "Call", assigneeID: "usr_ana", dueAt: start.addingTimeInterval(40 * 86_400))
        #expect(run(deals: [won, unowned], tasks: [later], after: 30).isEmpty)
    }

    @Test("an overdue next action and an uncontacted lead say so in both languages")
    func messages() {
        var late = deal("n")
        late.nextActionAt = start.addingTimeInterval(86_400)
        let lead = ReminderScan.Lead(id: "ctc_1", name: "Léa Martin", ownerID: "usr_bob", createdAt: start)
        let reminders = run(deals: [AgendaDeal(deal: late, lastActivityAt: start.addingTimeInterval(2 * 86_400))], leads: [lead], after: 2)
        #expect(reminders.map(\.kind) == [.dealNextActionOverdue, .leadUncontacted])
        #expect(reminders[0].message(in: .en) == "Deal n: the next action was due on 2026-03-03")
        #expect(reminders[0].message(in: .fr) == "Deal n : la prochaine action était prévue le 03/03/2026")
        #expect(reminders[1].userID == "usr_bob")
        #expect(reminders[1].message(in: .fr) == "Léa Martin : nouveau prospect, sans contact depuis 48 heures")
    }
}
