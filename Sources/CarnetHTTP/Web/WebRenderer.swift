import CarnetCore
import Foundation
import Hummingbird
import Mustache

/// The pages' Mustache templates (`Resources/templates`), loaded once at start-up.
///
/// Mustache escapes every `{{value}}`; the templates use `{{{...}}}` for none of the data.
struct WebRenderer: Sendable {
    let library: MustacheLibrary

    /// Loads every `.mustache` file of the bundle's templates folder, named after the file.
    static func load() throws -> WebRenderer {
        guard let folder = Bundle.module.url(forResource: "templates", withExtension: nil, subdirectory: "Resources") else {
            throw CarnetError.notFound(entity: "resource", id: "templates")
        }
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) where file.pathExtension == "mustache" {
            try library.register(String(decoding: try Data(contentsOf: file), as: UTF8.self), named: file.deletingPathExtension().lastPathComponent)
        }
        return WebRenderer(library: library)
    }

    /// The page `template` rendered with `data`, as an HTML response.
    func response(_ template: String, _ data: [String: Any], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let html = library.render(data, withTemplate: template) ?? ""
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
