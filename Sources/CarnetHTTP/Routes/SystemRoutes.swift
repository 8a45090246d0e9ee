import CarnetCore
import CarnetStore
import Foundation
import Hummingbird
import NIOCore

/// `/health` and `/api/v1/openapi.json`: the public routes.
struct SystemRoutes {
    let services: Services

    func register(_ api: APIRouteBuilder) {
        let database = services.database
        api.publicRoute(.get, "/health") { _, _ in
            do {
                _ = try await database.read { conn in try conn.queryOne("SELECT 1 AS ok", []) }
                return try JSONBody.response(["status": "ok", "database": database.dialect.rawValue])
            } catch {
                return try JSONBody.response(["status": "unavailable", "database": database.dialect.rawValue], status: .serviceUnavailable)
            }
        }
        api.publicRoute(.get, "/api/v1/openapi.json") { _, _ in
            JSONBody.response(data: try OpenAPIDocument.data())
        }
    }
}

/// The OpenAPI 3.1 document shipped as a resource, describing every API route.
public enum OpenAPIDocument {
    /// The document's bytes.
    public static func data() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json", subdirectory: "Resources") else {
            throw CarnetError.notFound(entity: "resource", id: "openapi.json")
        }
        return try Data(contentsOf: url)
    }
}
