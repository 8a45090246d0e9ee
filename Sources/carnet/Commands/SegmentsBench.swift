import ArgumentParser
import CarnetCore
import CarnetSegments
import CarnetStore
import Foundation

/// `carnet bench segments`: segment counts on the filters most segments use, over the
/// configured database (fill it first with `carnet demo --size medium` or `large`).
struct SegmentsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segments",
        abstract: "Time segment counts on a database filled by carnet demo.",
        discussion: """
            Enables the segments module if it is off (its migration adds the filter indexes), takes \
            the most common region, country, owner, tag, industry and open stage of the data, then \
            times --samples counts of each one-field filter and of a few combinations, and prints \
            p50 and p95 in milliseconds with the count found: \
            carnet demo --size medium && carnet bench segments
            """
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "Counts to time per filter.") var samples = 50

    func validate() throws {
        guard samples >= 5 else { throw ValidationError("--samples must be at least 5") }
    }

    func run() async throws {
        let config = try Runtime.loadConfig(options)
        let samples = self.samples
        try await Runtime.withServices(config) { services in
            let enabled = try await services.database.read { conn in try services.modules.enabled(conn) }
            if !enabled.contains("segments") { try await services.enableModule("segments", actor: .system) }
            let segments = SegmentService(context: services.context)
            let common = try await services.database.read { conn in
                func top(_ sql: String) throws -> String {
                    try conn.queryOne(sql, [])?.string("v") ?? ""
                }
                let total = try conn.queryOne("SELECT COUNT(*) AS n FROM contacts WHERE archived_at IS NULL", [])?.int("n") ?? 0
                return (total: total,
                        region: try top("SELECT region AS v FROM contacts WHERE region IS NOT NULL GROUP BY region ORDER BY COUNT(*) DESC LIMIT 1"),
                        country: try top("SELECT country AS v FROM contacts WHERE country IS NOT NULL GROUP BY country ORDER BY COUNT(*) DESC LIMIT 1"),
                        owner: try top("SELECT owner_id AS v FROM contacts WHERE owner_id IS NOT NULL GROUP BY owner_id ORDER BY COUNT(*) DESC LIMIT 1"),
                        tag: try top("SELECT tag AS v FROM contact_tags GROUP BY tag ORDER BY COUNT(*) DESC LIMIT 1"),
                        industry: try top("SELECT industry AS v FROM companies WHERE industry IS NOT NULL GROUP BY industry ORDER BY COUNT(*) DESC LIMIT 1"),
                        stage: try top("SELECT stage AS v FROM deals WHERE closed_at IS NULL AND archived_at IS NULL GROUP BY stage ORDER BY COUNT(*) DESC LIMIT 1"))
            }
            print("\(common.total) live contacts; \(samples) counts per filter")
            func condition(_ field: String, _ value: String) -> JSONValue {
                .object(["field": .string(field), "op": .string(field == "tags" ? "has" : "eq"), "value": .string(value)])
            }
            let filters: [(String, JSONValue)] = [
                ("region = \(common.region)", .object(["all": .array([condition("region", common.region)])])),
                ("country = \(common.country)", .object(["all": .array([condition("country", common.country)])])),
                ("owner = \(common.owner)", .object(["all": .array([condition("owner_id", common.owner)])])),
                ("tag \(common.tag)", .object(["all": .array([condition("tags", common.tag)])])),
                ("industry = \(common.industry)", .object(["all": .array([condition("company.industry", common.industry)])])),
                ("open deal in \(common.stage)", .object(["all": .array([condition("open_deal_stage", common.stage)])])),
                ("region AND tag", .object(["all": .array([condition("region", common.region), condition("tags", common.tag)])])),
                ("region OR country", .object(["any": .array([condition("region", common.region), condition("country", common.country)])])),
                ("last activity within 30 days (no index: every contact)", .object(["all": .array([
                    .object(["field": .string("last_activity"), "op": .string("within_days"), "value": .number(30)])])])),
            ]
            for (label, json) in filters {
                var times: [Double] = []
                var count = 0
                for _ in 0..<samples {
                    let start = ContinuousClock.now
                    count = try await services.database.read { conn in try segments.count(try segments.parser(language: .en, conn).parse(json), conn) }
                    times.append((ContinuousClock.now - start).seconds * 1000)
                }
                let (p50, p95) = BenchStats.percentiles(times)
                print("\(label): \(count) contacts, p50 \(BenchStats.format(p50)) ms, p95 \(BenchStats.format(p95)) ms")
            }
        }
    }
}
