import CarnetCore
import CarnetStore
import Foundation

/// `/api/v1/tasks`, `/api/v1/tasks/parse` and `/api/v1/today`: decode, call the services, encode.
struct TaskRoutes {
    let settings: FollowUpsSettings

    /// The body of `POST /api/v1/tasks/parse`.
    struct ParseRequest: Decodable {
        var text: String
        var language: Language?
    }

    var all: [ModuleRoute] {
        let settings = self.settings
        let tasks: @Sendable (RouteRequest) -> TaskService = { TaskService(context: $0.carnet.context, settings: settings) }
        return [
            ModuleRoute(.get, "tasks", permission: .read, summary: "List tasks (due=today|overdue|upcoming, status, assignee, deal_id, contact_id, company_id)") { request in
                let query = try Self.query(request)
                let page = try await request.carnet.database.read { conn in try tasks(request).list(query, conn) }
                return try RouteResponse(encoding: page)
            },
            ModuleRoute(.post, "tasks", permission: .write, summary: "Create a task") { request in
                let patch = try request.decode(TaskPatch.self)
                let language = try Self.language(request)
                return try await request.write(status: 201) { conn in try tasks(request).create(patch, actor: request.actor, language: language, conn) }
            },
            ModuleRoute(.post, "tasks/parse", permission: .read, summary: "Read a quick-entry phrase without saving") { request in
                let body = try request.decode(ParseRequest.self)
                let language = try body.language ?? Self.language(request)
                return try RouteResponse(encoding: try tasks(request).parse(body.text, language: language))
            },
            ModuleRoute(.get, "tasks/{id}", permission: .read, summary: "Get a task") { request in
                let id = try Self.id(request)
                let task = try await request.carnet.database.read { conn in try tasks(request).get(id, conn) }
                return try RouteResponse(encoding: task)
            },
            ModuleRoute(.patch, "tasks/{id}", permission: .write, summary: "Change, reschedule, snooze or reassign a task") { request in
                let id = try Self.id(request)
                let patch = try request.decode(TaskPatch.self)
                let language = try Self.language(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in
                    try tasks(request).update(id, patch, expectedVersion: version, actor: request.actor, language: language, conn)
                }
            },
            ModuleRoute(.post, "tasks/{id}/complete", permission: .write, summary: "Mark a task done, optionally scheduling the next one") { request in
                let id = try Self.id(request)
                let completion = request.body.isEmpty ? TaskCompletion() : try request.decode(TaskCompletion.self)
                let language = try Self.language(request)
                let version = try request.expectedVersion()
                return try await request.write { conn in
                    let result = try tasks(request).complete(id, completion, expectedVersion: version, actor: request.actor, language: language, conn)
                    return CompletionAnswer(done: result.done, next: result.next)
                }
            },
            ModuleRoute(.get, "today", permission: .read, summary: "What the current user should do today, most important first") { request in
                guard let userID = request.actor.userID else {
                    throw CarnetError.invalidState("Today belongs to a user; the system actor has none.")
                }
                let language = try Self.language(request)
                let today = TodayService(context: request.carnet.context, settings: settings)
                let agenda = try await request.carnet.database.read { conn in try today.agenda(for: userID, language: language, conn) }
                return try RouteResponse(encoding: agenda)
            },
        ]
    }

    /// The answer of `complete`: the done task and the next one, `null` when none was asked for.
    struct CompletionAnswer: Encodable {
        var done: FollowUpTask
        var next: FollowUpTask?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(done, forKey: .done)
            try c.encode(next, forKey: .next)
        }

        enum CodingKeys: String, CodingKey { case done, next }
    }

    static func id(_ request: RouteRequest) throws -> String {
        guard let id = request.parameters["id"] else { throw CarnetError.malformed(detail: "Missing path parameter id.", field: "id") }
        return id
    }

    /// `?lang=fr` for French reasons and messages; English otherwise.
    static func language(_ request: RouteRequest) throws -> Language {
        try QueryValue.language(request.query["lang"])
    }

    static func query(_ request: RouteRequest) throws -> TaskQuery {
        var query = TaskQuery()
        if let due = request.query["due"] {
            guard let value = TaskQuery.Due(rawValue: due) else {
                throw CarnetError.validation([FieldError("due", "must be one of \(TaskQuery.Due.allCases.map(\.rawValue).joined(separator: ", "))")])
            }
            query.due = value
        }
        if let status = request.query["status"] {
            guard let value = TaskStatus(rawValue: status) else { throw CarnetError.validation([FieldError("status", "must be open or done")]) }
            query.status = value
        }
        if let assignee = request.query["assignee"] { query.assigneeID = assignee == "me" ? request.actor.userID : assignee }
        query.dealID = request.query["deal_id"]
        query.contactID = request.query["contact_id"]
        query.companyID = request.query["company_id"]
        query.limit = try Cursor.limit(request.query["limit"])
        query.cursor = request.query["cursor"]
        return query
    }
}
