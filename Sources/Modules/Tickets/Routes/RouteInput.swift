import CarnetCore
import CarnetStore

/// Reading the path and query parameters the tickets routes share, strictly (a bad value is a 422 naming it).
enum RouteInput {
    static func id(_ request: RouteRequest) throws -> String {
        guard let id = request.parameters["id"] else { throw CarnetError.malformed(detail: "Missing path parameter id.", field: "id") }
        return id
    }

    /// `?lang=fr` for French messages; English otherwise.
    static func language(_ request: RouteRequest) throws -> Language {
        try QueryValue.language(request.query["lang"])
    }

    /// A query value that must be one of an enumeration's raw values, nil when absent.
    static func choice<T: RawRepresentable & CaseIterable>(_ request: RouteRequest, _ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = request.query[name] else { return nil }
        guard let value = T(rawValue: text) else {
            throw CarnetError.validation([FieldError(name, "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")])
        }
        return value
    }
}
