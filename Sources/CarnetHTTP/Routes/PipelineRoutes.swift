import CarnetCore
import CarnetStore
import Hummingbird

/// `/api/v1/pipelines`: the pipeline and its stages with their entry rules.
struct PipelineRoutes {
    let writes: WriteRunner

    func register(_ api: APIRouteBuilder) {
        let pipeline = writes.services.context.pipeline
        api.on(.get, "pipelines", .read) { _, _, _ in
            try JSONBody.response(Page(items: [pipeline], nextCursor: nil))
        }
    }
}
