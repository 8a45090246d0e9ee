import CarnetCore
import Hummingbird

extension Request {
    /// Refuses a query that gives a parameter more than once (`limit=1&limit=x`): every API
    /// parameter takes one value, and reading only the first would silently ignore the rest.
    func rejectRepeatedQueryParameters() throws {
        var seen = Set<Substring>()
        var repeated: [FieldError] = []
        for (name, _) in uri.queryParameters where !seen.insert(name).inserted && !repeated.contains(where: { $0.field == String(name) }) {
            repeated.append(FieldError(String(name), "is given more than once; give it once"))
        }
        if !repeated.isEmpty { throw CarnetError.validation(repeated) }
    }

    /// A true/false query parameter; absent is false, and an empty one (`archived=`) is a
    /// 422 naming it like any other value that is not a boolean (`query(_:)` would read it as absent).
    func flag(_ name: String) throws -> Bool {
        try QueryValue.flag(uri.queryParameters.get(name).map { String($0) }, field: name)
    }
}
