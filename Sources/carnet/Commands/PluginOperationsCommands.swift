import ArgumentParser
import CarnetCore
import CarnetHTTP
import CarnetScripting
import CarnetStore
import Foundation

/// Options of the plugin commands that work on the database of the configuration.
struct PluginDatabaseOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The directory holding one folder per plugin (default: [plugins] directory).")
    var dir: String?

    @Argument(help: "The plugin id (its folder's name).") var id: String

    func validate() throws {
        try PluginsCommand.validateID(id)
    }

    /// The configuration, with `--dir` applied.
    func config() throws -> CarnetConfig {
        var config = try Runtime.loadConfig(global)
        if let dir { config.plugins.directory = URL(fileURLWithPath: dir, isDirectory: true) }
        return config
    }
}

extension PluginsCommand {
    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a plugin's tests/*.lua, each on a fresh database.",
            discussion: """
                Each test file runs on a new, empty SQLite database with the configured pipeline, the modules of \
                [modules] enabled switched on (a test may switch on others with fixtures.enable_module), and the \
                plugin enabled, as an administrator. Prints one line per test and exits with status 1 if one fails. \
                The test API (test, expect, fixtures) is described in plugins/README.md.
                """
        )
        @OptionGroup var options: PluginDatabaseOptions

        func run() async throws {
            var config = try options.config()
            let id = options.id
            let host = CarnetApplication.pluginHost(services: try PluginsCommand.scratchServices(config), config: config, logger: Runtime.logger())
            let plugin: LoadedPlugin
            do {
                plugin = try await host.check(id)
            } catch {
                print(error.description)
                throw ExitCode(1)
            }
            guard !plugin.tests.isEmpty else {
                print("\(id) has no tests: add tests/*.lua files (see plugins/README.md).")
                throw ExitCode(1)
            }
            var logger = Runtime.logger()
            logger.logLevel = max(logger.logLevel, .warning)
            let runner = PluginTestRunner(settings: config.plugins, functions: CarnetApplication.pluginFunctions(config), logger: logger)
            let configured = Set(config.enabledModules)
            var results: [PluginTestResult] = []
            for file in plugin.tests {
                let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("carnet-plugin-test-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: scratch) }
                config.databaseURL = "sqlite://" + scratch.appendingPathComponent("test.sqlite").path
                // Every module's tables exist, so a test can switch one on; only the configured ones start on.
                config.enabledModules = Runtime.catalog(config).modules.map(\.id)
                let clock = ManualClock(Date())
                let fileResults = try await Runtime.withServices(config, clock: clock) { services in
                    try await services.database.write { conn in
                        // Last first: a module comes after those it needs, so its dependents are off before it.
                        for module in services.modules.catalog.modules.reversed() where !configured.contains(module.id) {
                            try services.modules.set(module.id, enabled: false, actor: .system, conn)
                        }
                    }
                    return try await runner.run(file: file, plugin: id, services: services, clock: clock)
                }
                for result in fileResults { print(result.line) }
                results += fileResults
            }
            let failed = results.filter { !$0.passed }.count
            print("\(results.count - failed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a plugin's hooks over the stored events of the last days, then roll everything back.",
            discussion: """
                Uses the database of the configuration; nothing is kept. Prints, per event, what the plugin would \
                have changed or rejected (--all also prints the events it left alone), then a summary.
                """
        )
        @OptionGroup var options: PluginDatabaseOptions
        @Option(help: "How many days back.") var days: Int = 30
        @Flag(help: "Also print the events the plugin left unchanged.") var all = false

        func validate() throws {
            guard (1...3650).contains(days) else { throw ValidationError("--days must be from 1 to 3650.") }
        }

        func run() async throws {
            let config = try options.config()
            let id = options.id
            let days = self.days
            let lines = try await Runtime.withServices(config) { services in
                let host = CarnetApplication.pluginHost(services: services, config: config, logger: Runtime.logger())
                do {
                    try await host.activate(id)
                } catch {
                    throw ValidationError("\(error)")
                }
                return try await PluginReplay(host: host, pluginID: id).run(since: services.context.clock.now.addingTimeInterval(-Double(days) * 86_400))
            }
            var counts: [String: Int] = [:]
            for line in lines {
                let kind = switch line.outcome {
                case .unchanged: "unchanged"
                case .changed: "changed"
                case .rejected: "rejected"
                case .failed: "failed"
                case .skipped: "skipped"
                }
                counts[kind, default: 0] += 1
                if all || line.outcome != .unchanged { print(line.text) }
            }
            print("\(lines.count) hook runs over the last \(days) days: "
                  + ["changed", "rejected", "failed", "unchanged", "skipped"].map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", ")
                  + ". Nothing was kept.")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a plugin, then enable it; running servers start it within seconds, without a restart."
        )
        @OptionGroup var options: PluginDatabaseOptions

        func run() async throws {
            try await PluginsCommand.changeState(options, checkFirst: true) { id, now, conn in try PluginStates.setEnabled(id, true, at: now, conn) }
            print("\(options.id) enabled; running servers start it within a few seconds.")
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a plugin; running servers stop it within seconds.")
        @OptionGroup var options: PluginDatabaseOptions

        func run() async throws {
            try await PluginsCommand.changeState(options, checkFirst: false) { id, now, conn in try PluginStates.setEnabled(id, false, at: now, conn) }
            print("\(options.id) disabled.")
        }
    }

    struct Reload: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a plugin's files, then ask running servers to load them again.",
            discussion: "Servers also reload a plugin whose plugin.toml or main.lua changed on their own. A version that fails its checks is not swapped in."
        )
        @OptionGroup var options: PluginDatabaseOptions

        func run() async throws {
            try await PluginsCommand.changeState(options, checkFirst: true) { id, now, conn in try PluginStates.requestReload(id, at: now, conn) }
            print("\(options.id) passes its checks; running servers reload it within a few seconds.")
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a plugin's latest runs: when, what, how long, and how each ended.")
        @OptionGroup var options: PluginDatabaseOptions
        @Option(help: "How many runs, newest first (at most 200).") var limit: Int = 20

        func run() async throws {
            let config = try options.config()
            let id = options.id
            let limit = self.limit
            let page = try await Runtime.withServices(config) { services in
                try await services.database.read { conn in try PluginRunLog.list(pluginID: id, limit: limit, cursor: nil, conn) }
            }
            if page.items.isEmpty { print("No runs recorded for \(id).") }
            for run in page.items {
                print([Timestamp.format(run.startedAt), run.version, run.kind.rawValue, run.target, run.outcome.rawValue,
                       "\(run.durationMicros) µs", run.error ?? ""].joined(separator: "\t"))
            }
        }
    }

    /// Checks the plugin (when asked), then writes its state in the configured database.
    static func changeState(_ options: PluginDatabaseOptions, checkFirst: Bool,
                            _ write: @escaping @Sendable (String, Date, any SQLConnection) throws -> Void) async throws {
        let config = try options.config()
        let id = options.id
        try await Runtime.withServices(config) { services in
            if checkFirst {
                do {
                    _ = try await CarnetApplication.pluginHost(services: services, config: config, logger: Runtime.logger()).check(id)
                } catch {
                    throw ValidationError("\(error)")
                }
            }
            let now = services.context.clock.now
            try await services.database.write { conn in try write(id, now, conn) }
        }
    }

    /// Services over no database, for checking plugins only.
    static func scratchServices(_ config: CarnetConfig) throws -> Services {
        let database = try DatabaseURL("sqlite://" + FileManager.default.temporaryDirectory.appendingPathComponent("carnet-check-\(UUID().uuidString).sqlite").path)
            .open(poolSize: 1, logger: Runtime.logger())
        return Services(database: database, context: ServiceContext(clock: SystemClock(), pipeline: config.pipeline), catalog: Runtime.catalog(config))
    }
}
