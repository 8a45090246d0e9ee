import CarnetCore
import CarnetFollowUps
@testable import CarnetReports
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Reports: adoption")
struct AdoptionTests {
    /// Three weeks of a team of three, read on Wednesday 4 March 2026 at noon (ISO week 10).
    ///
    /// Week 8: Ana creates D1 (with a dated next action) and D2 (without). Week 9: Ana loses D2 on
    /// the 24th and logs two meetings of the 25th, 5 and 44 hours late; Bob creates D4 (dated
    /// next action). Week 10: Ana logs the meeting of 26 February 96 hours late, creates D3 (no
    /// next action) and plans a meeting for the 5th. Cat does nothing.
    struct Team {
        let ana: User, bob: User, cat: User
    }

    static func team(_ world: ReportsWorld) async throws -> Team {
        let ana = try await world.user("Ana"), bob = try await world.user("Bob"), cat = try await world.user("Cat")
        world.at("2026-02-16")
        let d1 = try await world.deal("D1", owner: ana)
        let d2 = try await world.deal("D2", owner: ana, nextAction: false)
        world.at("2026-02-24")
        try await world.move(d2, to: "lost", reason: "no budget", by: ana)
        world.at("2026-02-25")
        try await world.meeting(on: d1, by: ana, held: ReportsWorld.instant("2026-02-25", hour: 5))
        _ = try await world.deal("D4", owner: bob)
        world.at("2026-02-27")
        try await world.meeting(on: d1, by: ana, held: ReportsWorld.instant("2026-02-25", hour: 14))
        world.at("2026-03-02")
        try await world.meeting(on: d1, by: ana, held: ReportsWorld.instant("2026-02-26"))
        _ = try await world.deal("D3", owner: ana, nextAction: false)
        try await world.meeting(on: d1, by: ana, held: ReportsWorld.instant("2026-03-05"))
        world.at("2026-03-04", hour: 12)
        return Team(ana: ana, bob: bob, cat: cat)
    }

    @Test("active users, changes, open deals with a dated next action and meeting delays per week and user", arguments: Backend.available)
    func table(backend: Backend) async throws {
        try await ReportsWorld.with(backend) { world in
            let team = try await Self.team(world)
            let report = try await world.adoption(weeks: 3)
            #expect(report.weeks.map(\.week) == ["2026-W08", "2026-W09", "2026-W10"])
            #expect(report.weeks.map(\.activeUsers) == [1, 2, 1])
            #expect(report.weeks.map(\.users) == [3, 3, 3])
            #expect(report.tasksCounted == false)
            func row(_ week: String, _ user: User) -> AdoptionRow? {
                report.rows.first { $0.week == week && $0.userID == user.id }
            }
            #expect([team.ana, team.bob, team.cat].map { row("2026-W08", $0)?.active } == [true, false, false])
            #expect([team.ana, team.bob, team.cat].map { row("2026-W09", $0)?.active } == [true, true, false])
            // Open deals at each week's end, and those with a dated next action.
            #expect(["2026-W08", "2026-W09", "2026-W10"].map { row($0, team.ana)?.openDeals } == [2, 1, 2])
            #expect(["2026-W08", "2026-W09", "2026-W10"].map { row($0, team.ana)?.openDealsWithNextAction } == [1, 1, 1])
            #expect(["2026-W08", "2026-W09", "2026-W10"].map { row($0, team.ana)?.nextActionShare } == [0.5, 1, 0.5])
            #expect(["2026-W08", "2026-W09", "2026-W10"].map { row($0, team.bob)?.nextActionShare } == [nil, 1, 1])
            // Meetings of week 9 logged 5, 44 and 96 hours late: median 44. The planned one is not late.
            #expect(row("2026-W09", team.ana)?.meetingsLogged == 3)
            #expect(row("2026-W09", team.ana)?.medianMeetingDelayHours == 44)
            #expect(row("2026-W10", team.ana)?.meetingsLogged == 0)
            #expect(row("2026-W10", team.ana)?.medianMeetingDelayHours == nil)
            #expect(report.rows.allSatisfy { $0.overdueTasks == nil })

            // Changes, created and updated records: counted again here from the raw events.
            let events = try await world.services.database.read { conn in
                try conn.query("SELECT actor_id, occurred_at, type FROM events WHERE actor_id IS NOT NULL", [])
            }
            for week in report.weeks {
                for user in [team.ana, team.bob, team.cat] {
                    let mine = events.filter {
                        guard $0.string("actor_id") == user.id, let at = $0.date("occurred_at") else { return false }
                        return at >= week.start && at < week.start.addingTimeInterval(7 * 86_400)
                    }.compactMap { $0.string("type") }
                    let line = row(week.week, user)
                    #expect(line?.changes == mine.count, "\(week.week) \(user.name)")
                    #expect(line?.recordsCreated == mine.filter { $0.hasSuffix(".created") }.count, "\(week.week) \(user.name)")
                    #expect(line?.recordsUpdated == mine.filter { $0.hasSuffix(".updated") }.count, "\(week.week) \(user.name)")
                }
            }
            #expect(row("2026-W08", team.ana)?.recordsCreated == 2, "D1 and D2")
            #expect(row("2026-W09", team.ana)?.recordsUpdated == 1, "D2 lost")

            let bob = try await world.adoption(weeks: 3, owner: team.bob.id)
            #expect(Set(bob.rows.map(\.userID)) == [team.bob.id])
            #expect(bob.weeks.map(\.activeUsers) == [0, 1, 0])
        }
    }

    @Test("overdue tasks at each week's end are counted once the follow-ups module's tables exist", arguments: Backend.available)
    func overdueTasks(backend: Backend) async throws {
        try await ReportsWorld.with(backend, catalog: [ReportsModule(), FollowUpsModule()], modules: ["reports", "followups"]) { world in
            let ana = try await world.user("Ana"), bob = try await world.user("Bob")
            let tasks = TaskService(context: world.services.context, settings: FollowUpsSettings())
            world.at("2026-02-16")
            var early = TaskPatch()
            early.title = "Send the offer"
            early.dueAt = ReportsWorld.instant("2026-02-18")
            var late = TaskPatch()
            late.title = "Call back"
            late.dueAt = ReportsWorld.instant("2026-03-03")
            let inputs = [early, late]
            let created = try await world.services.database.write { conn in try inputs.map { try tasks.create($0, actor: ana.actor, conn) } }
            world.at("2026-02-24")
            _ = try await world.services.database.write { conn in
                try tasks.complete(created[0].id, TaskCompletion(), expectedVersion: nil, actor: ana.actor, conn)
            }
            world.at("2026-03-04", hour: 12)
            let report = try await world.adoption(weeks: 3)
            #expect(report.tasksCounted)
            // The offer was overdue at the end of week 8 (due the 18th, done the 24th); the call is overdue now.
            #expect(report.rows.filter { $0.userID == ana.id }.map(\.overdueTasks) == [1, 0, 1])
            #expect(report.rows.filter { $0.userID == bob.id }.map(\.overdueTasks) == [0, 0, 0])
        }
    }
}
