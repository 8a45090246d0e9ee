import CarnetCore
import Foundation
import Testing

@Suite("Task calendar feed")
struct TaskCalendarTests {
    let now = Date(timeIntervalSince1970: 1_772_442_000)

    func task(_ id: String, _ title: String, inHours hours: Double) -> FollowUpTask {
        FollowUpTask(id: id, title: title, dueAt: now.addingTimeInterval(hours * 3600), assigneeID: "usr_1", at: now)
    }

    @Test("open tasks become 30-minute events in UTC with stable ids; done tasks are left out")
    func events() {
        var done = task("tsk_done", "Old call", inHours: -5)
        done.status = .done
        let feed = TaskCalendar.render([task("tsk_2", "Later", inHours: 5), task("tsk_1", "Call Durand", inHours: 1), done],
                                       name: "Carnet — Ana", now: now, link: "https://crm.example.com", domain: "crm.example.com")
        let lines = feed.components(separatedBy: "\r\n")
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.dropLast().last == "END:VCALENDAR" && lines.last == "")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2)
        #expect(lines.filter { $0.hasPrefix("UID:") } == ["UID:tsk_1@crm.example.com", "UID:tsk_2@crm.example.com"])
        #expect(lines.contains("DTSTART:20260302T100000Z") && lines.contains("DTEND:20260302T103000Z"))
        #expect(!feed.contains("Old call"))
    }

    @Test("text is escaped and long lines are folded at 75 octets without splitting a character")
    func escapingAndFolding() {
        let title = "Relancer Éloïse; devis, options\\remises " + String(repeating: "é", count: 60)
        let feed = TaskCalendar.render([task("tsk_1", title, inHours: 1)], name: "Carnet", now: now, link: "https://crm", domain: "crm")
        let lines = feed.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        let summary = lines.drop { !$0.hasPrefix("SUMMARY:") }.prefix { $0.hasPrefix("SUMMARY:") || $0.hasPrefix(" ") }
            .enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined()
        #expect(summary == "SUMMARY:Relancer Éloïse\\; devis\\, options\\\\remises " + String(repeating: "é", count: 60))
    }
}
