import ArgumentParser
import CarnetCore
import CarnetStore

/// `carnet demo [--seed N] [--force]`: fill an empty database with a realistic sample.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill the database with a sample French SME's CRM data.",
        discussion: """
            Adds four users (a manager and three members, without passwords), 40 companies across the French \
            regions, 200 contacts, 60 deals spread over every stage of the pipeline and months of notes, calls, \
            meetings and e-mails. Everything goes through the same rules and events as the API. The same seed \
            gives the same sample. Refuses a database that already has contacts unless --force is given.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "The seed of the generator; the same seed gives the same sample.")
    var seed: UInt64 = 1

    @Flag(help: "Add the sample even if the database already has contacts.")
    var force = false

    func run() async throws {
        let config = try Runtime.loadConfig(options)
        let (seed, force) = (self.seed, self.force)
        let summary: DemoSummary
        do {
            summary = try await Runtime.withServices(config) { services in
                try await DemoData(seed: seed, pipeline: services.context.pipeline, now: services.context.clock.now).install(in: services, force: force)
            }
        } catch let error as CarnetError {
            throw error.exit
        }
        print("Added the demo sample (seed \(seed)): \(summary.users) users, \(summary.companies) companies, \(summary.contacts) contacts, \(summary.deals) deals, \(summary.activities) activities.")
    }
}
