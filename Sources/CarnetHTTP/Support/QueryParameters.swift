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
}
