import ArgumentParser
import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetStore
import Foundation

/// `carnet tasks list|add|done`: follow-up tasks from the command line (module `followups`).
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List, add and complete follow-up tasks.",
        discussion: """
            Needs the followups module (`carnet modules enable followups`). Times are shown in \
            followups.time_zone. `add` reads the due date from the phrase, in English or French: \
            carnet tasks add "call back Dupont in 3 days" --as ana@example.com
            """,
        subcommands: [List.self, Add.self, Done.self]
    )

    /// The user a command acts as, by e-mail.
    struct UserOption: ParsableArguments {
        @Option(name: .customLong("as"), help: "The e-mail of the user the command acts as.")
        var email: String
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open tasks, by due time.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var user: UserOption
        @Option(help: "overdue, today or upcoming; all open tasks when absent.")
        var due: String?
        @Flag(help: "Everyone's tasks, not only those assigned to --as.")
        var everyone = false
        @Option(help: "How many tasks to show (1-200).")
        var limit = 50

        func validate() throws {
            if let due, TaskQuery.Due(rawValue: due) == nil { throw ValidationError("--due must be overdue, today or upcoming") }
            guard (1...200).contains(limit) else { throw ValidationError("--limit must be from 1 to 200") }
        }

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let (email, due, everyone, limit) = (user.email, self.due, self.everyone, self.limit)
            let page = try await TasksCommand.withTasks(config) { services, tasks in
                try await services.database.read { conn in
                    let actor = try TasksCommand.actor(email, services, conn)
                    var query = TaskQuery()
                    query.due = due.flatMap(TaskQuery.Due.init(rawValue:))
                    query.assigneeID = everyone ? nil : actor.userID
                    query.limit = limit
                    return try tasks.list(query, conn)
                }
            }
            for task in page.items {
                print("\(task.id)\t\(TasksCommand.local(task.dueAt, config))\t\(task.priority.rawValue)\t\(task.title)")
            }
            if page.items.isEmpty { print("No tasks.") }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a task from a phrase such as \"relancer Dupont demain 9h\".")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var user: UserOption
        @Argument(help: "What to do and when: \"call back in 3 days\", \"next monday 10:00\", \"dans 2 semaines\".")
        var phrase: String
        @Option(help: "A contact id the task is about.") var contact: String?
        @Option(help: "A deal id the task is about.") var deal: String?
        @Option(help: "The language of the phrase: en or fr.") var language = "en"

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            guard let language = Language(rawValue: language) else { throw ValidationError("--language must be en or fr") }
            let (email, phrase, contact, deal) = (user.email, self.phrase, self.contact, self.deal)
            let task = try await TasksCommand.withTasks(config) { services, tasks in
                try await services.database.write { conn in
                    let actor = try TasksCommand.actor(email, services, conn)
                    let read = try tasks.parse(phrase, language: language)
                    var patch = TaskPatch()
                    patch.title = read.title.isEmpty ? phrase : read.title
                    patch.dueAt = read.dueAt
                    patch.contactID = contact.map { .some($0) }
                    patch.dealID = deal.map { .some($0) }
                    return try tasks.create(patch, actor: actor, language: language, conn)
                }
            }
            print("\(task.id)\t\(TasksCommand.local(task.dueAt, config))\t\(task.title)")
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a task done, optionally scheduling the next one.")
        @OptionGroup var options: GlobalOptions
        @OptionGroup var user: UserOption
        @Argument(help: "The task id.") var id: String
        @Option(help: "How it went.") var outcome: String?
        @Option(help: "When to follow up next, as a phrase: \"in 3 days\".") var next: String?

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let (email, id, outcome, next) = (user.email, self.id, self.outcome, self.next)
            let result = try await TasksCommand.withTasks(config) { services, tasks in
                try await services.database.write { conn in
                    let actor = try TasksCommand.actor(email, services, conn)
                    return try tasks.complete(id, TaskCompletion(outcome: outcome, next: next.map { .phrase($0) }), expectedVersion: nil, actor: actor, conn)
                }
            }
            print("done\t\(result.done.id)\t\(result.done.title)")
            if let following = result.next { print("next\t\(following.id)\t\(TasksCommand.local(following.dueAt, config))\t\(following.title)") }
        }
    }

    /// Runs `body` with the task service once the module is known to be enabled.
    static func withTasks<T: Sendable>(_ config: CarnetConfig, _ body: @escaping @Sendable (Services, TaskService) async throws -> T) async throws -> T {
        do {
            return try await Runtime.withServices(config) { services in
                let enabled = try await services.database.read { conn in try services.modules.enabled(conn) }
                guard enabled.contains("followups") else { throw CarnetError.moduleDisabled(module: "followups") }
                return try await body(services, TaskService(context: services.context, settings: config.followUps))
            }
        } catch let error as CarnetError {
            throw error.exit
        }
    }

    /// The active user with this e-mail, as an actor.
    static func actor(_ email: String, _ services: Services, _ conn: any SQLConnection) throws -> Actor {
        guard let user = try services.users.find(email: email, conn) else { throw CarnetError.notFound(entity: "user", id: email) }
        return user.actor
    }

    /// `2026-03-02 10:00` in the module's time zone.
    static func local(_ date: Date, _ config: CarnetConfig) -> String {
        let zone = config.followUps.timeZone
        let day = LocalDate(date, in: zone)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return "\(day) \(String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0))"
    }
}
