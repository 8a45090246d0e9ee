import ArgumentParser
import CarnetCore
import CarnetHTTP

/// `carnet token create EMAIL`: issue an API token; the token alone is the last line.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage API tokens.",
        subcommands: [Create.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token for a user.",
            discussion: "Prints the token alone on its last line, so a script can take it with `tail -n 1`. Only its hash is stored."
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The e-mail of the user the token acts as.")
        var email: String

        @Option(help: "A label to recognise the token later.")
        var name = "cli"

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let token = Credentials.newToken()
            let (email, name) = (self.email, self.name)
            try await Runtime.withServices(config) { services in
                try await services.database.write { conn in
                    guard let user = try services.users.find(email: email, conn) else { throw CarnetError.notFound(entity: "user", id: email) }
                    _ = try services.users.addToken(userID: user.id, name: name, tokenHash: Credentials.tokenHash(token), actor: .system, conn)
                }
            }
            print("Token for \(email) (shown once):")
            print(token)
        }
    }
}
