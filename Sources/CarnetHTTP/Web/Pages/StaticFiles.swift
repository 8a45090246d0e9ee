import CarnetCore
import Foundation
import Hummingbird

/// `/static/carnet.css` and `/static/carnet.js`, read once from the bundle and cached by
/// browsers for an hour.
struct StaticFiles {
    static let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8"]

    func register(_ router: Router<CarnetRequestContext>) throws {
        guard let folder = Bundle.module.url(forResource: "static", withExtension: nil, subdirectory: "Resources") else {
            throw CarnetError.notFound(entity: "resource", id: "static")
        }
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
            guard let type = Self.types[file.pathExtension] else { continue }
            let bytes = try Data(contentsOf: file)
            router.get(RouterPath("/static/\(file.lastPathComponent)")) { _, _ in
                Response(status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=3600"],
                         body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
    }
}
