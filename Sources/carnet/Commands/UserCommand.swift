import ArgumentParser
import CarnetCore
import CarnetHTTP

/// `carnet user add EMAIL --role R`: add a user, password read from standard input.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users.",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user.",
            discussion: "The password is read from standard input, so scripts can pipe it: echo 'a long password' | carnet user add ana@example.com --role member"
        )

        @OptionGroup var options: GlobalOptions

        @Argument(help: "The user's e-mail address, used to sign in.")
        var email: String

        @Option(help: "admin, manager, member or readonly.")
        var role: Role = .member

        @Option(help: "The user's full name (default: the part of the e-mail before @).")
        var name: String?

        @Option(help: "en or fr.")
        var locale = "en"

        func validate() throws {
            guard EmailAddress.isValid(email) else { throw ValidationError("\(email) is not a valid e-mail address.") }
            guard ["en", "fr"].contains(locale) else { throw ValidationError("--locale must be en or fr.") }
        }

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let password = Runtime.readStandardInput()
            let hash = try Credentials.hashPassword(password)
            let name = self.name ?? String(email.split(separator: "@")[0])
            let (email, role, locale) = (self.email, self.role, self.locale)
            let user = try await Runtime.withServices(config) { services in
                try await services.database.write { conn in
                    try services.users.create(email: email, name: name, role: role, passwordHash: hash, locale: locale, actor: .system, conn)
                }
            }
            print("Added \(user.email) (\(user.role.rawValue)), id \(user.id)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let users = try await Runtime.withServices(config) { services in
                try await services.database.read { conn in try services.users.list(conn) }
            }
            for user in users { print("\(user.email)\t\(user.role.rawValue)\t\(user.active ? "active" : "inactive")\t\(user.id)") }
        }
    }
}

extension Role: ExpressibleByArgument {}
