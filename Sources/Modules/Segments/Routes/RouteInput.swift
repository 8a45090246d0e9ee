import CarnetCore
import CarnetStore
import Foundation

/// What the module's routes read from every request: the id in the path, the language.
enum RouteInput {
    static func id(_ request: RouteRequest) throws -> String {
        guard let id = request.parameters["id"] else { throw CarnetError.malformed(detail: "Missing path parameter id.", field: "id") }
        return id
    }

    /// `?lang=fr` for French messages; English otherwise.
    static func language(_ request: RouteRequest) throws -> Language {
        try QueryValue.language(request.query["lang"])
    }
}
