import ArgumentParser
import CarnetCore
import CarnetHTTP
import CarnetStore
import Foundation
import Logging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: config/carnet.toml when it exists).")
    var config: String?

    @Option(name: .long, help: "The database URL, overriding the configuration (sqlite://PATH or postgres://...).")
    var databaseURL: String?
}

/// Loads the configuration, opens the database and runs a command's work with the services.
enum Runtime {
    /// The modules compiled into this build, with their settings from the configuration.
    static func catalog(_ config: CarnetConfig) -> ModuleCatalog {
        CarnetApplication.catalog(config)
    }

    static func loadConfig(_ options: GlobalOptions) throws -> CarnetConfig {
        do {
            var config = try CarnetConfig.load(file: options.config, environment: ProcessInfo.processInfo.environment)
            if let url = options.databaseURL { config.databaseURL = url }
            return config
        } catch {
            throw ValidationError("Bad configuration — \(error.description)")
        }
    }

    static func logger() -> Logger {
        var logger = Logger(label: "carnet")
        logger.logLevel = ProcessInfo.processInfo.environment["CARNET_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        return logger
    }

    /// Opens the database, migrates it, and runs `body`; closes everything afterwards.
    static func withServices<T: Sendable>(_ config: CarnetConfig, migrate: Bool = true, clock: any CarnetClock = SystemClock(),
                                          _ body: @Sendable (Services) async throws -> T) async throws -> T {
        let logger = logger()
        let database = try DatabaseURL(config.databaseURL).open(poolSize: config.poolSize, logger: logger)
        let services = Services(database: database, context: ServiceContext(clock: clock, pipeline: config.pipeline, currency: config.currency, dataQuality: config.dataQuality),
                                catalog: catalog(config), jobSettings: config.jobs, webhookSettings: config.webhooks)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            if migrate { _ = try await services.migrate(configuredModules: config.enabledModules) }
            let result = try await body(services)
            try await database.close()
            return result
        }
    }

    /// Prints a line at once, even when standard output is a pipe (a server's messages must not wait in a buffer).
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Reads all of standard input, trimmed (for passwords piped in).
    static func readStandardInput() -> String {
        var lines: [String] = []
        while let line = readLine(strippingNewline: true) { lines.append(line) }
        return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension CarnetError {
    /// The error as a command-line failure: its message after `Error:` and exit status 1, without
    /// the usage text that a mistyped command line gets.
    var exit: CommandFailure { CommandFailure(message: detail) }
}

/// A command that ran and could not do its work (the database refused, a file was invalid).
struct CommandFailure: Error, CustomStringConvertible {
    let message: String

    var description: String { message }
}
