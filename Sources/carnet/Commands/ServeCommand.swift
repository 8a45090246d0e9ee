import ArgumentParser
import CarnetCore
import CarnetHTTP
import CarnetStore
import Foundation
import Hummingbird
import Logging

/// `carnet serve`: migrate, then serve the API until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the Carnet server.",
        discussion: """
            Brings the database schema up to date, then serves the API and pages, and runs the job \
            worker and the outbox dispatcher beside them (settings in [jobs]). On the first start with \
            an empty database it creates an admin user and prints its password and an API token. Stops \
            gracefully on SIGTERM or SIGINT: the server stops taking requests, the job in hand finishes, \
            the rest of its batch goes back to the queue.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "The address to listen on (overrides server.host and CARNET_HOST).")
    var host: String?

    @Option(help: "The port to listen on (overrides server.port and CARNET_PORT).")
    var port: Int?

    func run() async throws {
        var config = try Runtime.loadConfig(options)
        if let host { config.host = host }
        if let port { config.port = port }
        let logger = Runtime.logger()
        let settings = config
        try await Runtime.withServices(config) { services in
            if let admin = try await Bootstrap.firstAdminIfNeeded(services: services) {
                Runtime.say("""
                    First start: created the admin user.
                      e-mail:    \(admin.email)
                      password:  \(admin.password)
                      API token: \(admin.token)
                    Keep them safe: they are not shown again.
                    """)
            }
            let plugins = CarnetApplication.pluginHost(services: services, config: settings, logger: logger)
            try await plugins.start()
            let app = CarnetApplication.build(services: services, config: settings, logger: logger, plugins: plugins)
            Runtime.say("Carnet listening on http://\(settings.host):\(settings.port) (\(services.database.dialect.rawValue))")
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        }
    }
}
