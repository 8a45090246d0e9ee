import CarnetCore
import Foundation
import Testing

@Suite("Daily digest")
struct DailyDigestTests {
    let now = Date(timeIntervalSince1970: 1_772_442_000)
    let paris = TimeZone(identifier: "Europe/Paris")!

    func agenda(_ tasks: [FollowUpTask], language: Language) -> TodayAgenda {
        TodayAgenda(tasks: tasks, deals: [], leads: [], rules: AgendaRules(), now: now, timeZone: paris, language: language)
    }

    @Test("an empty agenda sends no digest")
    func empty() {
        #expect(DailyDigest.make(name: "Ana", agenda: agenda([], language: .en), date: LocalDate(now, in: paris), language: .en, link: "https://crm") == nil)
    }

    @Test("the subject counts what is due and what is late; the text lists each item with its reason and ends with the link")
    func english() throws {
        let late = FollowUpTask(id: "tsk_1", title: "Call Durand", dueAt: now.addingTimeInterval(-86_400 * 2), assigneeID: "usr_1", at: now)
        let soon = FollowUpTask(id: "tsk_2", title: "Send the quote", dueAt: now.addingTimeInterval(3_600), assigneeID: "usr_1", at: now)
        let digest = try #require(DailyDigest.make(name: "Ana", agenda: agenda([late, soon], language: .en), date: LocalDate(now, in: paris),
                                                   language: .en, link: "https://crm.example.com"))
        #expect(digest.subject == "Your day in Carnet: 2 things to do, 1 overdue")
        #expect(digest.text.split(separator: "\n").map(String.init) == [
            "Hello Ana, here is what needs you today (2026-03-02), most important first:",
            "- Call Durand: 2 days overdue",
            "- Send the quote: Due at 11:00",
            "Open Carnet: https://crm.example.com",
        ])
    }
}
