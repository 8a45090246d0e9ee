import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/reminders`: the current user's in-app reminders, and marking them read.
struct ReminderRoutes {
    let settings: FollowUpsSettings

    var all: [ModuleRoute] {
        let settings = self.settings
        let reminders: @Sendable (RouteRequest) -> ReminderService = { ReminderService(context: $0.carnet.context, settings: settings) }
        return [
            ModuleRoute(.get, "reminders", permission: .read, summary: "The current user's reminders, newest first (unread=true, before, limit, lang)") { request in
                let userID = try Self.user(request)
                let unread = try QueryValue.flag(request.query["unread"], field: "unread")
                let limit = try Self.limit(request.query["limit"])
                let before = request.query["before"]
                let language = try TaskRoutes.language(request)
                let items = try await request.carnet.database.read { conn in
                    try reminders(request).list(for: userID, unread: unread, before: before, limit: limit, conn)
                }
                return try RouteResponse(encoding: Page(items: items.map { Item(reminder: $0, language: language) },
                                                        nextBefore: items.count == limit ? items.last?.id : nil))
            },
            ModuleRoute(.post, "reminders/{id}/read", permission: .read, summary: "Mark one of the current user's reminders read") { request in
                let userID = try Self.user(request)
                let id = try TaskRoutes.id(request)
                let language = try TaskRoutes.language(request)
                return try await request.write { conn in Item(reminder: try reminders(request).markRead(id, userID: userID, conn), language: language) }
            },
            ModuleRoute(.post, "reminders/read", permission: .read, summary: "Mark all of the current user's reminders read") { request in
                let userID = try Self.user(request)
                return try await request.write { conn in ["marked_read": try reminders(request).markAllRead(userID: userID, conn)] }
            },
        ]
    }

    /// A reminder as the API shows it: its fields and its message in the asked language.
    struct Item: Encodable {
        var reminder: Reminder
        var language: Language

        func encode(to encoder: any Encoder) throws {
            try reminder.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(reminder.message(in: language), forKey: .message)
        }

        enum Key: String, CodingKey { case message }
    }

    /// A page of reminders; `next_before` is the `before` of the next page, null on the last.
    struct Page: Encodable {
        var items: [Item]
        var nextBefore: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(items, forKey: .items)
            try c.encode(nextBefore, forKey: .nextBefore)
        }

        enum Key: String, CodingKey { case items, nextBefore = "next_before" }
    }

    static func user(_ request: RouteRequest) throws -> String {
        guard let userID = request.actor.userID else { throw CarnetError.invalidState("Reminders belong to a user; the system actor has none.") }
        return userID
    }

    static func limit(_ text: String?) throws -> Int {
        guard let text else { return 50 }
        guard let limit = Int(text), (1...ReminderService.pageLimit).contains(limit) else {
            throw CarnetError.validation([FieldError("limit", "must be a whole number from 1 to \(ReminderService.pageLimit)")])
        }
        return limit
    }
}
