import ArgumentParser
import CarnetCore
import CarnetFollowUps
import CarnetStore
import Foundation

/// `carnet bench today`: the Today agenda of one user among many tasks, against the same
/// tasks read by hand-written SQL.
struct TodayBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "today",
        abstract: "Time the Today agenda of a user with many open tasks among many more.",
        discussion: """
            Fills a scratch SQLite database with --tasks tasks spread over 100 users, of which \
            --open are the measured user's open tasks (overdue, due today and later), plus 200 open \
            deals and 50 new contacts of that user. Then times --samples agendas (tasks, deals with \
            their last activity, uncontacted leads, ranked) and, as the baseline, the agenda's task \
            query alone written in SQL and read into rows. Prints p50 and p95 of each and their ratio.
            """
    )

    @Option(help: "Tasks in the database.") var tasks = 1_000_000
    @Option(help: "Open tasks of the measured user.") var open = 1_000
    @Option(help: "Agendas to time.") var samples = 300

    func validate() throws {
        guard tasks >= open, open >= 1, samples >= 10 else { throw ValidationError("--tasks must be at least --open, --open at least 1, --samples at least 10") }
    }

    func run() async throws {
        let settings = FollowUpsSettings()
        let (total, open, samples) = (tasks, self.open, self.samples)
        try await BenchDatabase.withFollowUps("today", settings: settings) { services in
            let database = services.database
            let started = ContinuousClock.now
            let userID = try await Self.seed(services, total: total, open: open)
            print("seeded \(total) tasks (\(open) open for the measured user) in \(BenchStats.format((ContinuousClock.now - started).seconds)) s")
            let today = TodayService(context: services.context, settings: settings)
            var agenda: [Double] = []
            var baseline: [Double] = []
            var items = 0
            for _ in 0..<samples {
                let start = ContinuousClock.now
                items = try await database.read { conn in try today.agenda(for: userID, language: .en, conn).items.count }
                agenda.append((ContinuousClock.now - start).seconds * 1000)
                let end = LocalDate(Date(), in: settings.timeZone).adding(days: 1).instant(hour: 0, minute: 0, in: settings.timeZone)
                let baseStart = ContinuousClock.now
                _ = try await database.read { conn in
                    try conn.query("SELECT * FROM tasks WHERE assignee_id = ? AND status = 'open' AND due_at < ? ORDER BY due_at, id LIMIT 500",
                                   [.text(userID), .date(end)]).count
                }
                baseline.append((ContinuousClock.now - baseStart).seconds * 1000)
            }
            let (p50, p95) = BenchStats.percentiles(agenda)
            let (b50, b95) = BenchStats.percentiles(baseline)
            print("agenda (\(items) items): p50 \(BenchStats.format(p50)) ms, p95 \(BenchStats.format(p95)) ms")
            print("baseline (its task query in SQL): p50 \(BenchStats.format(b50)) ms, p95 \(BenchStats.format(b95)) ms; agenda/baseline p50 \(BenchStats.format(p50 / b50))x")
        }
    }

    /// The measured user's id, after the bulk insert of every task, deal and contact.
    static func seed(_ services: Services, total: Int, open: Int) async throws -> String {
        let users = try await services.database.write { conn in
            try (0..<100).map { index in
                try services.users.create(email: "user\(index)@bench.example", name: "User \(index)", role: .member, passwordHash: nil, actor: .system, conn)
            }
        }
        let me = users[0]
        let now = Date()
        var generator = SystemRandomNumberGenerator()
        let batch = 50_000
        for start in stride(from: 0, to: total, by: batch) {
            let rows = (start..<min(start + batch, total)).map { index -> FollowUpTask in
                let mine = index < open
                let assignee = mine ? me.id : users[1 + index % 99].id
                // The user's open tasks run from 30 days late to 60 days ahead; the others' mostly done.
                let due = now.addingTimeInterval(Double(Int.random(in: -30 * 86_400...60 * 86_400, using: &generator)))
                var task = FollowUpTask(id: EntityID.make(IDPrefix.task, at: now), title: "Call back \(index)", dueAt: due, assigneeID: assignee, at: now)
                if !mine && index % 5 != 0 {
                    task.status = .done
                    task.completedAt = now
                }
                return task
            }
            try await services.database.write { conn in try conn.insert(into: FollowUpTask.insertTarget, values: rows.flatMap(\.insertBinds)) }
        }
        try await services.database.write { conn in
            for index in 0..<50 {
                var contact = ContactPatch()
                contact.lastName = "Lead \(index)"
                let lead = try services.contacts.create(contact, actor: me.actor, conn)
                for deal in 0..<4 {
                    var patch = DealPatch()
                    patch.title = "Deal \(index)-\(deal)"
                    patch.contactID = lead.id
                    patch.nextAction = "Call"
                    patch.nextActionAt = now.addingTimeInterval(Double(deal - 2) * 86_400)
                    _ = try services.deals.create(patch, actor: me.actor, conn)
                }
            }
        }
        return me.id
    }

}
