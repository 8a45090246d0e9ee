import CarnetCore
import CarnetStore
import Hummingbird

/// `/api/v1/events`: the outbox, oldest first, paged by event id.
struct EventRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let changes = writes.services.changes
        api.on(.get, "events", .manage) { request, _, _ in
            let limit = try Cursor.limit(request.query("limit"))
            let after = try request.query("cursor").map { cursor throws(CarnetError) -> Int64 in
                guard let position = Int64(try Cursor.decode(cursor, count: 1)[0]) else {
                    throw .malformed(detail: "The cursor is not one this list returned.", field: "cursor")
                }
                return position
            }
            let type = request.query("type")
            return try await writes.read { conn in
                let events = try changes.events(after: after, type: type, limit: limit + 1, conn)
                let page = events.prefix(limit)
                return Page(items: page.map(\.event), nextCursor: events.count > limit ? page.last.map { Cursor.encode([String($0.position)]) } : nil)
            }
        }
    }
}
