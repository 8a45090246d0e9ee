import ArgumentParser

/// `carnet`: the CRM server and its administration commands.
@main
struct CarnetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "carnet",
        abstract: "Carnet, the CRM for small and growing companies.",
        discussion: "Settings come from config/carnet.toml, then CARNET_* environment variables, then flags.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, UserCommand.self, TokenCommand.self, ModulesCommand.self,
            PluginsCommand.self, ImportCommand.self, ExportCommand.self, DemoCommand.self, TasksCommand.self, TicketsCommand.self, BenchCommand.self,
            DuplicatesCommand.self, SegmentsCommand.self, ScoringCommand.self,
        ]
    )
}
