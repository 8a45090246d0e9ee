import ArgumentParser
import CarnetCore
import CarnetFollowUps
import CarnetStore
import Foundation

/// `carnet bench scan`: the follow-ups reminder scan (the inactivity scan) over many open
/// deals, against its deal query alone in SQL.
struct ScanBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Time the reminder scan (stale deals, overdue next actions) over many open deals.",
        discussion: """
            Fills a scratch SQLite database with --deals open deals over 100 owners and the open \
            stages, created up to 60 days ago. A --worked share of them is being worked: a call in \
            the last 5 days and a next action 1 to 30 days ahead; the others had their last call 10 \
            to 60 days ago (or none) and a next action 1 to 10 days late. Times the first scan \
            (which stores the reminders it finds), then --samples scans more (which find them all \
            made already) and, as the baseline, the open deals with their last activity read in \
            SQL. Prints the first scan, p50 and p95 of the others and of the baseline.
            """
    )

    @Option(help: "Open deals in the database.") var deals = 100_000
    @Option(help: "Scans to time after the first.") var samples = 15
    @Option(help: "Share of the deals being worked (0 to 1); the others are stale and late.") var worked = 0.8

    func validate() throws {
        guard deals >= 1, samples >= 3, (0...1).contains(worked) else {
            throw ValidationError("--deals must be at least 1, --samples at least 3 and --worked from 0 to 1")
        }
    }

    func run() async throws {
        let settings = FollowUpsSettings()
        let (count, samples, worked) = (deals, self.samples, self.worked)
        try await BenchDatabase.withFollowUps("scan", settings: settings) { services in
            let database = services.database
            let started = ContinuousClock.now
            try await Self.seed(services, deals: count, worked: worked)
            print("seeded \(count) open deals (\(Int(worked * 100)) % worked) in \(BenchStats.format((ContinuousClock.now - started).seconds)) s")
            let reminders = ReminderService(context: services.context, settings: settings)
            let firstStart = ContinuousClock.now
            let made = try await database.write { conn in try reminders.scan(conn) }
            let first = (ContinuousClock.now - firstStart).seconds * 1000
            var scans: [Double] = []
            var baseline: [Double] = []
            for _ in 0..<samples {
                let start = ContinuousClock.now
                _ = try await database.write { conn in try reminders.scan(conn) }
                scans.append((ContinuousClock.now - start).seconds * 1000)
                let baseStart = ContinuousClock.now
                _ = try await database.read { conn in
                    try conn.query("""
                        SELECT d.*, (SELECT MAX(a.occurred_at) FROM activities a WHERE a.deal_id = d.id) AS last_activity_at
                        FROM deals d WHERE d.closed_at IS NULL AND d.archived_at IS NULL AND d.owner_id IS NOT NULL
                        """, []).count
                }
                baseline.append((ContinuousClock.now - baseStart).seconds * 1000)
            }
            let scan = BenchStats.percentiles(scans)
            let base = BenchStats.percentiles(baseline)
            print("first scan: \(BenchStats.format(first)) ms, \(made) reminders made")
            print("later scans: p50 \(BenchStats.format(scan.p50)) ms, p95 \(BenchStats.format(scan.p95)) ms")
            print("baseline (its deal query in SQL): p50 \(BenchStats.format(base.p50)) ms, p95 \(BenchStats.format(base.p95)) ms; scan/baseline p50 \(BenchStats.format(scan.p50 / base.p50))x")
        }
    }

    static let dealInsert = InsertTarget("deals", [
        "id", "title", "title_key", "owner_id", "currency", "pipeline", "stage", "probability", "custom_fields",
        "next_action", "next_action_at", "stage_changed_at", "version", "created_at", "updated_at",
    ])
    static let activityInsert = InsertTarget("activities", ["id", "kind", "deal_id", "user_id", "occurred_at", "version", "created_at"])

    /// Inserts the deals and their calls in bulk: a `worked` share recently called with a
    /// next action ahead, the others gone quiet with a next action behind.
    static func seed(_ services: Services, deals count: Int, worked: Double) async throws {
        let owners = try await services.database.write { conn in
            try (0..<100).map { index in
                try services.users.create(email: "owner\(index)@bench.example", name: "Owner \(index)", role: .member, passwordHash: nil, actor: .system, conn).id
            }
        }
        let pipeline = services.context.pipeline
        let stages = pipeline.stages.filter { $0.outcome == .open }
        let now = Date()
        let day = 86_400.0
        var generator = SystemRandomNumberGenerator()
        let batch = 20_000
        for start in stride(from: 0, to: count, by: batch) {
            var deals: [SQLValue] = []
            var calls: [SQLValue] = []
            for index in start..<min(start + batch, count) {
                let id = EntityID.make(IDPrefix.deal, at: now, using: &generator)
                let stage = stages[index % stages.count]
                let owner = owners[index % owners.count]
                let created = now.addingTimeInterval(-Double.random(in: 6...60, using: &generator) * day)
                let busy = Double.random(in: 0..<1, using: &generator) < worked
                let nextAction = busy ? Double.random(in: 1...30, using: &generator) : -Double.random(in: 1...10, using: &generator)
                let title = "Deal \(index)"
                deals += [.text(id), .text(title), .text(SearchKey.fold(title)), .text(owner), .text("EUR"),
                          .text(pipeline.key), .text(stage.key), .int(stage.probability), .text("{}"), .text("Call"),
                          .date(now.addingTimeInterval(nextAction * day)), .date(created), .int(1), .date(created), .date(created)]
                let lastCall: Double? = busy ? Double.random(in: 0...5, using: &generator)
                    : index % 3 == 0 ? nil : Double.random(in: 10...60, using: &generator)
                if let lastCall {
                    calls += [.text(EntityID.make(IDPrefix.activity, at: now, using: &generator)), .text("call"), .text(id), .text(owner),
                              .date(max(created, now.addingTimeInterval(-lastCall * day))), .int(1), .date(now)]
                }
            }
            try await services.database.write { [deals, calls] conn in
                try conn.insert(into: Self.dealInsert, values: deals)
                try conn.insert(into: Self.activityInsert, values: calls)
            }
        }
    }
}
