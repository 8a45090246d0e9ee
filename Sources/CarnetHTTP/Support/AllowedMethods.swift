import Foundation

/// The methods the API document lists for each of its paths, so that a known path asked with
/// another method is answered 405 with an `Allow` header rather than 404.
struct AllowedMethods: Sendable {
    /// A path of the document: its segments (nil for a `{parameter}`) and its methods.
    private struct Template: Sendable {
        var segments: [String?]
        var methods: [String]
    }

    private let templates: [Template]

    /// The shipped document's paths.
    static let api = AllowedMethods(document: (try? OpenAPIDocument.data()) ?? Data())

    init(document: Data) {
        let verbs: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        let paths = ((try? JSONSerialization.jsonObject(with: document)) as? [String: Any])?["paths"] as? [String: Any] ?? [:]
        templates = paths.map { path, item in
            Template(segments: path.split(separator: "/").map { $0.hasPrefix("{") ? nil : String($0) },
                     methods: ((item as? [String: Any])?.keys.filter(verbs.contains) ?? []).map { $0.uppercased() }.sorted())
        }
    }

    /// The methods of the document's path matching `path`, the one with the most fixed segments
    /// when several do (`/tasks/parse` before `/tasks/{id}`, as the router picks); empty when none.
    func methods(for path: String) -> [String] {
        let segments = path.split(separator: "/")
        let matching = templates.filter { template in
            template.segments.count == segments.count
                && zip(template.segments, segments).allSatisfy { fixed, segment in fixed.map { $0 == segment } ?? true }
        }
        return matching.max { $0.segments.compactMap { $0 }.count < $1.segments.compactMap { $0 }.count }?.methods ?? []
    }
}
