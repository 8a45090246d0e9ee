import ArgumentParser
import CarnetCore

/// `carnet modules list|enable|disable`: switch optional modules.
struct ModulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modules",
        abstract: "List, enable and disable optional modules.",
        discussion: "Disabling a module keeps its data; enabling it again brings everything back.",
        subcommands: [List.self, Enable.self, Disable.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the modules and whether each is enabled.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let enabled = try await Runtime.withServices(config) { services in
                try await services.database.read { conn in try services.modules.enabled(conn) }
            }
            for module in Runtime.catalog(config).modules {
                print("\(module.id)\t\(enabled.contains(module.id) ? "enabled" : "disabled")\t\(module.title) — \(module.summary)")
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a module (runs its migrations first).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The module id.") var id: String

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let id = self.id
            let impact = try await Runtime.withServices(config) { services in
                let impact = try await services.moduleImpact(id)
                try await services.enableModule(id, actor: .system)
                return impact
            }
            print("Enabled \(id).")
            for migration in impact.pendingMigrations { print("  applied migration \(migration)") }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a module; its data is kept.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The module id.") var id: String

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let id = self.id
            try await Runtime.withServices(config) { services in try await services.disableModule(id, actor: .system) }
            print("Disabled \(id). Its data is kept; `carnet modules enable \(id)` brings it back.")
        }
    }
}
