import CarnetCore
import CarnetStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Mounts every compiled module's routes; while a module is disabled they answer 404 naming it.
struct ModuleAPIRoutes {
    let writes: WriteRunner
    let gate: ModuleGate

    func register(_ api: APIRouteBuilder) {
        let services = writes.services
        let limit = writes.bodyLimit
        for module in services.modules.catalog.modules {
            for route in module.routes {
                let moduleID = module.id
                let handler = route.handler
                api.on(HTTPRequest.Method(rawValue: route.method.rawValue)!, route.path, route.permission) { [gate] request, context, actor in
                    try await gate.require(moduleID)
                    let body = try await request.body.collect(upTo: limit)
                    var query: [String: String] = [:]
                    for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
                    var headers: [String: String] = [:]
                    for field in request.headers { headers[field.name.canonicalName] = field.value }
                    let routeRequest = RouteRequest(
                        method: route.method, path: request.uri.path, parameters: Self.parameters(of: route.path, in: context), query: query,
                        body: Array(buffer: body), actor: actor, services: services, headers: headers
                    )
                    let answer = try await handler(routeRequest)
                    var fields: HTTPFields = [:]
                    for (name, value) in answer.headers {
                        if let name = HTTPField.Name(name) { fields[name] = value }
                    }
                    fields[.contentType] = answer.contentType
                    return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
                }
            }
        }
    }

    static func parameters(of path: String, in context: CarnetRequestContext) -> [String: String] {
        var values: [String: String] = [:]
        for segment in path.split(separator: "/") where segment.hasPrefix("{") && segment.hasSuffix("}") {
            let name = String(segment.dropFirst().dropLast())
            values[name] = context.parameters.get(name)
        }
        return values
    }
}
