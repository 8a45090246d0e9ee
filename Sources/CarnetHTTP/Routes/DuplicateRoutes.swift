import CarnetCore
import CarnetStore
import Foundation
import Hummingbird

/// `/api/v1/duplicates`: candidate pairs of contacts and companies, dismissing a pair, and
/// queueing a full rebuild.
struct DuplicateRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let duplicates = writes.services.duplicates
        let jobs = writes.services.jobs
        for entity in DuplicateEntity.allCases {
            api.on(.get, "duplicates/\(entity.table)", .read) { request, _, _ in
                let limit = try Cursor.limit(request.query("limit"))
                // Not query(_:), which reads "threshold=" as absent: an empty threshold is a mistake to name.
                let threshold = try QueryValue.fraction(request.uri.queryParameters.get("threshold").map { String($0) }, field: "threshold",
                                                        fallback: DuplicateService.defaultThreshold)
                let cursor = request.query("cursor")
                return try await writes.read { conn in try duplicates.list(entity, threshold: threshold, limit: limit, cursor: cursor, conn) }
            }
        }
        api.on(.post, "duplicates/dismiss", .manage) { request, _, actor in
            let body = try await writes.decode(DismissRequest.self, request)
            return try await writes.update(request, actor: actor) { conn in try duplicates.dismiss(body, actor: actor, conn) }
        }
        api.on(.post, "duplicates/scan", .administer) { request, _, actor in
            try await writes.run(request, actor: actor, status: .accepted) { conn in
                let job = try jobs.enqueue(kind: DuplicateService.scanJob, conn)
                return (try CarnetJSON.encoder.encode(job), nil)
            }
        }
    }
}
