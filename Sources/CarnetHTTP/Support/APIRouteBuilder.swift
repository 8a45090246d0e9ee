import CarnetCore
import Hummingbird

/// One API route as registered: used by the OpenAPI coverage test and the role-matrix test.
public struct APIRoute: Sendable, Hashable {
    public var method: String
    /// The full path with `{name}` parameters: `/api/v1/contacts/{id}`.
    public var path: String
    /// The least permission the route needs; nil for public routes.
    public var permission: Permission?
}

/// Registers API routes so that every one checks its permission before its handler runs,
/// and remembers them all.
final class APIRouteBuilder {
    typealias Handler = @Sendable (Request, CarnetRequestContext, Actor) async throws -> Response
    let router: Router<CarnetRequestContext>
    let prefix: String
    private(set) var routes: [APIRoute] = []

    init(router: Router<CarnetRequestContext>, prefix: String = "/api/v1") {
        self.router = router
        self.prefix = prefix
    }

    /// Adds a route that needs a signed-in user whose role allows `permission`.
    func on(_ method: HTTPRequest.Method, _ path: String, _ permission: Permission, _ handler: @escaping Handler) {
        let full = path.isEmpty ? prefix : "\(prefix)/\(path)"
        routes.append(APIRoute(method: method.rawValue, path: full, permission: permission))
        router.on(RouterPath(full), method: method) { request, context in
            let actor = try context.require(permission)
            try request.rejectRepeatedQueryParameters()
            return try await handler(request, context, actor)
        }
    }

    /// Adds a route anyone may call.
    func publicRoute(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping @Sendable (Request, CarnetRequestContext) async throws -> Response) {
        routes.append(APIRoute(method: method.rawValue, path: path, permission: nil))
        router.on(RouterPath(path), method: method, use: handler)
    }
}

extension CarnetRequestContext {
    /// A path parameter that the route's pattern guarantees.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw CarnetError.malformed(detail: "Missing path parameter \(name).", field: name) }
        return value
    }
}
