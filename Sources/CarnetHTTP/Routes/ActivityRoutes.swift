import CarnetCore
import CarnetStore
import Hummingbird

/// `/api/v1/activities`: log notes, calls, meetings and e-mails; read timelines.
struct ActivityRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let activities = writes.services.activities
        api.on(.post, "activities", .write) { request, _, actor in
            let input = try await writes.decode(ActivityInput.self, request)
            return try await writes.create(request, actor: actor, collection: "activities") { conn in try activities.createWithJSON(input, actor: actor, conn) }
        }
        api.on(.get, "activities", .read) { request, _, _ in
            var query = ActivityQuery(contactID: request.query("contact_id"), dealID: request.query("deal_id"), companyID: request.query("company_id"),
                                      limit: try Cursor.limit(request.query("limit")), cursor: request.query("cursor"))
            if let kind = request.query("kind") {
                guard let parsed = ActivityKind(rawValue: kind) else {
                    throw CarnetError.validation([FieldError("kind", "must be note, call, meeting or email")])
                }
                query.kind = parsed
            }
            let filters = query
            return try await writes.read { conn in try activities.list(filters, conn) }
        }
        api.on(.get, "activities/{id}", .read) { _, context, _ in
            let id = try context.parameter("id")
            return try await writes.read { conn in try activities.get(id, conn) }
        }
    }
}
