import CarnetCore
import CarnetStore
import Hummingbird

/// `/api/v1/admin/jobs`: the job queue as admins see it — the dead letters, and their retry.
struct JobRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let jobs = writes.services.jobs
        api.on(.get, "admin/jobs", .administer) { request, _, _ in
            let limit = try Cursor.limit(request.query("limit"))
            // Not query(_:), which reads "status=" as absent: an empty status is a mistake to name.
            let status = try request.uri.queryParameters.get("status").map { text throws(CarnetError) -> JobStatus in
                guard let status = JobStatus(rawValue: text) else {
                    throw .validation([FieldError("status", "must be queued, running, done or dead (got \(text))")])
                }
                return status
            }
            let cursor = request.query("cursor")
            return try await writes.read { conn in try jobs.list(status: status, limit: limit, cursor: cursor, conn) }
        }
        api.on(.post, "admin/jobs/{id}/retry", .administer) { request, context, actor in
            let id = try context.parameter("id")
            return try await writes.update(request, actor: actor) { conn in try jobs.retry(id, actor: actor, conn) }
        }
    }
}
