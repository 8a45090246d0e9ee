import ArgumentParser
import CarnetCore
import CarnetStore
import Foundation

extension DemoSize: ExpressibleByArgument {}

/// `carnet demo [--size small|medium|large] [--contacts N] [--seed N] [--force]`: fill an empty
/// database with a realistic sample.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill the database with a sample French SME's CRM data.",
        discussion: """
            small (the default) adds four users (a manager and three members, without passwords), 40 companies \
            across the French regions, 200 contacts, 60 deals spread over every stage of the pipeline and months of \
            notes, calls, meetings and e-mails, all through the same rules and events as the API; it refuses a \
            database that already has contacts unless --force is given.

            medium (100,000 contacts) and large (1,000,000 contacts, 200,000 companies, 500,000 deals, 5,000,000 \
            activities, 50 users) load two years of history in bulk, in one transaction, for benchmarks and for \
            trying Carnet at size: the rows are those the API would write, without events, audit rows or webhooks \
            (it is the past, imported). --contacts N loads N contacts with the same proportions. They need an empty \
            database. The same seed gives the same sample.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "small, medium or large.")
    var size: DemoSize = .small

    @Option(help: "Load this many contacts in bulk (and companies, deals, activities in proportion) instead of a --size.")
    var contacts: Int?

    @Option(help: "The seed of the generator; the same seed gives the same sample.")
    var seed: UInt64 = 1

    @Flag(help: "Add the small sample even if the database already has contacts.")
    var force = false

    func validate() throws {
        if let contacts, contacts < 1 || contacts > 10_000_000 {
            throw ValidationError("--contacts must be between 1 and 10000000.")
        }
    }

    func run() async throws {
        let config = try Runtime.loadConfig(options)
        let (seed, force) = (self.seed, self.force)
        let counts = contacts.map(DemoCounts.init(contacts:)) ?? size.bulkCounts
        let started = Date()
        let summary: DemoSummary
        do {
            summary = try await Runtime.withServices(config) { services in
                let (pipeline, now) = (services.context.pipeline, services.context.clock.now)
                if let counts {
                    return try await BulkDemo(counts: counts, seed: seed, pipeline: pipeline, now: now).install(in: services)
                }
                return try await DemoData(seed: seed, pipeline: pipeline, now: now).install(in: services, force: force)
            }
        } catch let error as CarnetError {
            throw error.exit
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print("Added the demo sample (seed \(seed)) in \(seconds) s: \(summary.users) users, \(summary.companies) companies, \(summary.contacts) contacts, \(summary.deals) deals, \(summary.activities) activities.")
        if counts != nil {
            print("Its duplicates are found by `carnet duplicates scan`.")
        }
    }
}
