import CarnetCore

/// Reading the path and query parameters the capture routes share, strictly (a bad value is a 422 naming it).
enum CaptureRouteInput {
    static func id(_ request: RouteRequest) throws -> String {
        guard let id = request.parameters["id"] else { throw CarnetError.malformed(detail: "Missing path parameter id.", field: "id") }
        return id
    }

    /// `?lang=fr` for French messages; English otherwise.
    static func language(_ request: RouteRequest) throws -> Language {
        try QueryValue.language(request.query["lang"])
    }
}
