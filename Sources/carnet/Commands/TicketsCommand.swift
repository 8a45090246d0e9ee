import ArgumentParser
import CarnetCore
import CarnetHTTP
import CarnetStore
import CarnetTickets
import Foundation

/// `carnet tickets list`: the after-sales queue from the command line (module `tickets`).
struct TicketsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets",
        abstract: "List after-sales tickets.",
        discussion: """
            Needs the tickets module (`carnet modules enable tickets`). Each line shows the number, \
            status, priority, the next SLA due time (in tickets.time_zone, "-" when none), the id and \
            the subject, newest first: carnet tickets list --status open --assignee ana@example.com
            """,
        subcommands: [List.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List live tickets, newest first.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "new, open, waiting_on_customer, resolved or closed; every status when absent.")
        var status: String?
        @Option(help: "low, normal, high or urgent.")
        var priority: String?
        @Option(help: "Only the tickets assigned to the user with this e-mail.")
        var assignee: String?
        @Flag(help: "Only the active tickets whose next SLA due time is near ([tickets] breaching_soon_minutes).")
        var breachingSoon = false
        @Option(help: "How many tickets to show (1-200).")
        var limit = 50

        func validate() throws {
            if let status, TicketStatus(rawValue: status) == nil {
                throw ValidationError("--status must be one of \(TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let priority, TicketPriority(rawValue: priority) == nil { throw ValidationError("--priority must be low, normal, high or urgent") }
            guard (1...200).contains(limit) else { throw ValidationError("--limit must be from 1 to 200") }
        }

        func run() async throws {
            let config = try Runtime.loadConfig(options)
            let (status, priority, assignee, soon, limit) = (self.status, self.priority, self.assignee, breachingSoon, self.limit)
            let page: Page<Ticket>
            do {
                page = try await Runtime.withServices(config) { services in
                    let enabled = try await services.database.read { conn in try services.modules.enabled(conn) }
                    guard enabled.contains("tickets") else { throw CarnetError.moduleDisabled(module: "tickets") }
                    let tickets = TicketService(context: services.context, settings: config.tickets)
                    return try await services.database.read { conn in
                        var query = TicketQuery()
                        query.status = status.flatMap(TicketStatus.init(rawValue:))
                        query.priority = priority.flatMap(TicketPriority.init(rawValue:))
                        if let assignee {
                            guard let user = try services.users.find(email: assignee, conn) else { throw CarnetError.notFound(entity: "user", id: assignee) }
                            query.assigneeID = user.id
                        }
                        query.breachingSoon = soon
                        query.limit = limit
                        return try tickets.list(query, conn)
                    }
                }
            } catch let error as CarnetError {
                throw error.exit
            }
            for ticket in page.items {
                let due = ticket.pendingDueAt.map { Self.local($0, config.tickets.calendar.timeZone) } ?? "-"
                print("\(ticket.number)\t\(ticket.status.rawValue)\t\(ticket.priority.rawValue)\t\(due)\t\(ticket.id)\t\(ticket.subject)")
            }
            if page.items.isEmpty { print("No tickets.") }
        }

        /// `2026-03-02 10:00` in `zone`.
        static func local(_ date: Date, _ zone: TimeZone) -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let parts = calendar.dateComponents([.hour, .minute], from: date)
            return "\(LocalDate(date, in: zone)) \(String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0))"
        }
    }
}
