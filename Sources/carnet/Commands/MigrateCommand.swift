import ArgumentParser

/// `carnet migrate`: bring the schema up to date and exit.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations of the core and enabled modules.",
        discussion: "Safe to run while other instances serve: each migration runs once, under a lock on PostgreSQL."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let config = try Runtime.loadConfig(options)
        let applied = try await Runtime.withServices(config, migrate: false) { services in
            try await services.migrate(configuredModules: config.enabledModules)
        }
        print(applied.isEmpty ? "The database is up to date." : applied.map { "applied \($0)" }.joined(separator: "\n"))
    }
}
