import ArgumentParser
import CarnetCore
import CarnetHTTP
import CarnetLeadScoring
import CarnetStore
import Foundation

/// `carnet scoring recompute|backtest`: lead scores from the command line (module `leadscoring`).
struct ScoringCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scoring",
        abstract: "Recompute lead scores, or backtest the scoring model against closed deals.",
        discussion: "Needs the lead scoring module (`carnet modules enable leadscoring`).",
        subcommands: [Recompute.self, Backtest.self]
    )

    /// Runs `body` when the module is enabled; a disabled module is an error naming it.
    static func withModule<T: Sendable>(_ config: CarnetConfig, _ body: @Sendable @escaping (Services) async throws -> T) async throws -> T {
        do {
            return try await Runtime.withServices(config) { services in
                let enabled = try await services.database.read { conn in try services.modules.enabled(conn) }
                guard enabled.contains("leadscoring") else { throw CarnetError.moduleDisabled(module: "leadscoring") }
                return try await body(services)
            }
        } catch let error as CarnetError {
            throw error.exit
        }
    }

    struct Recompute: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rescore every contact with the saved model.",
            discussion: """
                Reads contacts, companies and signal counts in batches of [leadscoring] batch_size, one \
                transaction per batch, and writes only the scores that changed; band changes write their \
                lead.score_changed and lead.became_hot events. Prints the counts and the time taken.
                """
        )
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let started = ContinuousClock.now
            let summary = try await ScoringCommand.withModule(config) { services in
                try await RecomputeService(database: services.database, context: services.context, settings: config.leadScoring, jobs: services.jobs).recomputeAll()
            }
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("Scored \(summary.scored) contacts in \(summary.batches) batches: \(summary.written) scores written, \(summary.bandChanges) band changes, \(String(format: "%.1f", seconds)) s.")
        }
    }

    struct Backtest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how well scores separated the deals won from those lost.",
            discussion: """
                For each deal won or lost in the last --months, scores its contact as of the deal's \
                creation (only signals before that instant count; fit fields as they are now) and prints \
                deals, won and win rate per band, and the AUC (the chance a won deal scored above a lost \
                one; 0.5 is chance). --model FILE.json tests a model not yet saved, in the document form \
                GET /api/v1/scoring/model answers: carnet scoring backtest --months 6 --model new-model.json
                """
        )
        @OptionGroup var options: GlobalOptions
        @Option(help: "How many months back deals closed (1-120).")
        var months = 6
        @Option(help: "A model document (JSON) to score with instead of the saved model.")
        var model: String?

        func validate() throws {
            guard (1...120).contains(months) else { throw ValidationError("--months must be from 1 to 120") }
        }

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let candidate = try model.map(Self.load)
            let months = self.months
            let report = try await ScoringCommand.withModule(config) { services in
                let models = ModelService(context: services.context, jobs: services.jobs)
                return try await services.database.read { conn in
                    try BacktestService(context: services.context).run(months: months, model: candidate ?? models.current(conn).model, conn)
                }
            }
            print("Deals closed since \(Timestamp.format(report.since).prefix(10)): \(report.deals), won \(report.won)")
            print("band\tdeals\twon\twin rate")
            for band in report.bands {
                print("\(band.band.rawValue)\t\(band.deals)\t\(band.won)\t\(band.winRate.map { String(format: "%.1f %%", $0 * 100) } ?? "-")")
            }
            print("AUC\t\(report.auc.map { String(format: "%.3f", $0) } ?? "- (needs won and lost deals)")")
        }

        /// The model in `path`, validated as a save would be.
        static func load(_ path: String) throws -> ScoringModel {
            let model: ScoringModel
            do {
                model = try CarnetJSON.decoder.decode(ScoringModel.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            } catch let error as DecodingError {
                throw CommandFailure(message: "\(path): \(CarnetError(decoding: error, body: (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()).detail)")
            } catch {
                throw CommandFailure(message: "\(path): \(error.localizedDescription)")
            }
            do {
                try model.validate()
            } catch {
                throw CommandFailure(message: "\(path): \(error.detail)")
            }
            return model
        }
    }
}
