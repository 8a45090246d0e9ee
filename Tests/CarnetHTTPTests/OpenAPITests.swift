import CarnetCore
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// Keeps `Sources/CarnetHTTP/Resources/openapi.json` and the router in step: every
/// registered route is documented, every documented operation is registered, protected
/// operations say which role they need, and the server serves the file as it is.
@Suite struct OpenAPITests {
    /// The document as it is in the source tree.
    private static let fileURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/CarnetHTTP/Resources/openapi.json")

    private static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// The phrase each operation's description uses for the least role a permission needs.
    private static let roleText: [Permission: String] = [
        .read: "Role: any role (readonly or above).",
        .write: "Role: member or above.",
        .manage: "Role: manager or above.",
        .administer: "Role: admin.",
    ]

    private static func documentData() throws -> Data {
        try Data(contentsOf: fileURL)
    }

    private static func document() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: try documentData())
        return try #require(object as? [String: Any], "openapi.json is not a JSON object")
    }

    /// Every operation of the document by `METHOD path`.
    private static func operations(_ document: [String: Any]) throws -> [String: [String: Any]] {
        let paths = try #require(document["paths"] as? [String: Any], "openapi.json has no paths")
        var operations: [String: [String: Any]] = [:]
        for (path, item) in paths {
            let item = try #require(item as? [String: Any], "paths.\(path) is not an object")
            for (method, operation) in item where methods.contains(method) {
                operations["\(method.uppercased()) \(path)"] = try #require(operation as? [String: Any], "\(method) \(path) is not an object")
            }
        }
        return operations
    }

    /// The routes the application registers.
    private static func registeredRoutes() async throws -> [APIRoute] {
        try await TestDatabase.with(.sqlite, catalog: CarnetApplication.catalog(CarnetConfig())) { services in
            CarnetApplication.router(services: services, config: CarnetConfig()).1
        }
    }

    private static func key(_ route: APIRoute) -> String {
        "\(route.method.uppercased()) \(route.path)"
    }

    @Test func documentIsOpenAPI31() throws {
        let document = try Self.document()
        let version = try #require(document["openapi"] as? String)
        #expect(version.hasPrefix("3.1"))
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["title"] as? String == "Carnet API")
        #expect(info["version"] as? String == "1")
        let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
        let bearer = try #require(schemes?["bearerAuth"] as? [String: Any], "no bearerAuth security scheme")
        #expect(bearer["type"] as? String == "http")
        #expect((bearer["scheme"] as? String)?.lowercased() == "bearer")
        let global = document["security"] as? [[String: Any]] ?? []
        #expect(global.contains { $0["bearerAuth"] != nil }, "bearer authentication is not required globally")
    }

    @Test func everyRegisteredRouteIsDocumented() async throws {
        let documented = Set(try Self.operations(try Self.document()).keys)
        let routes = try await Self.registeredRoutes()
        #expect(!routes.isEmpty)
        let undocumented = routes.map(Self.key).filter { !documented.contains($0) }.sorted()
        #expect(undocumented.isEmpty, "registered but not in openapi.json: \(undocumented.joined(separator: ", "))")
    }

    @Test func everyDocumentedOperationIsRegistered() async throws {
        let registered = Set(try await Self.registeredRoutes().map(Self.key))
        let unserved = try Self.operations(try Self.document()).keys.filter { !registered.contains($0) }.sorted()
        #expect(unserved.isEmpty, "in openapi.json but no route serves them: \(unserved.joined(separator: ", "))")
    }

    @Test func operationsHaveIdsSummariesAndTheirPathParameters() throws {
        let document = try Self.document()
        let parameters = (document["components"] as? [String: Any])?["parameters"] as? [String: Any] ?? [:]
        var ids: [String: String] = [:]
        for (name, operation) in try Self.operations(document) {
            let id = operation["operationId"] as? String ?? ""
            #expect(!id.isEmpty, "\(name) has no operationId")
            if let other = ids[id] { Issue.record("operationId \(id) is used by \(other) and \(name)") }
            ids[id] = name
            #expect(!(operation["summary"] as? String ?? "").isEmpty, "\(name) has no summary")

            let path = String(name.split(separator: " ", maxSplits: 1)[1])
            let inPath = Set(path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) })
            let declared = (operation["parameters"] as? [[String: Any]] ?? []).compactMap { parameter -> [String: Any]? in
                guard let ref = parameter["$ref"] as? String else { return parameter }
                return parameters[String(ref.split(separator: "/").last ?? "")] as? [String: Any]
            }
            let declaredInPath = Set(declared.filter { $0["in"] as? String == "path" }.compactMap { $0["name"] as? String })
            #expect(declaredInPath == inPath, "\(name) declares path parameters \(declaredInPath.sorted()), its path has \(inPath.sorted())")
        }
    }

    @Test func protectedOperationsDeclareSecurityAndRole() async throws {
        let document = try Self.document()
        let operations = try Self.operations(document)
        let global = document["security"] as? [[String: Any]]
        for route in try await Self.registeredRoutes() {
            guard let operation = operations[Self.key(route)] else { continue }  // reported by everyRegisteredRouteIsDocumented
            let security = operation["security"] as? [[String: Any]] ?? global ?? []
            guard let permission = route.permission else {
                #expect(security.isEmpty, "\(Self.key(route)) is public but the document asks for credentials")
                continue
            }
            #expect(security.contains { $0["bearerAuth"] != nil }, "\(Self.key(route)) does not declare bearer authentication")
            let description = operation["description"] as? String ?? ""
            let role = try #require(Self.roleText[permission])
            #expect(description.contains(role), "\(Self.key(route)) needs \(permission.rawValue); its description should say \"\(role)\"")
            #expect(operation["x-carnet-permission"] as? String == permission.rawValue,
                    "\(Self.key(route)) needs \(permission.rawValue); x-carnet-permission says \(operation["x-carnet-permission"] ?? "nothing")")
            let responses = operation["responses"] as? [String: Any] ?? [:]
            #expect(responses["401"] != nil, "\(Self.key(route)) does not document 401")
            if permission != .read {
                #expect(responses["403"] != nil, "\(Self.key(route)) needs \(permission.rawValue) but does not document 403")
            }
        }
    }

    @Test func everyReferenceResolves() throws {
        let document = try Self.document()
        var references: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let ref = object["$ref"] as? String { references.append(ref) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        let unresolved = Set(references).sorted().filter { ref in
            guard ref.hasPrefix("#/components/") else { return true }
            var node: Any? = document
            for token in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
                let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                node = (node as? [String: Any])?[name]
            }
            return node == nil
        }
        #expect(unresolved.isEmpty, "references that do not resolve to a component: \(unresolved.joined(separator: ", "))")
    }

    @Test func servedDocumentIsTheResource() async throws {
        let expected = try Self.documentData()
        try await TestDatabase.with(.sqlite) { services in
            var logger = Logger(label: "carnet.openapi-tests")
            logger.logLevel = .warning
            let app = CarnetApplication.build(services: services, config: CarnetConfig(), logger: logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    let served = Data(response.body.readableBytesView)
                    #expect(served == expected, "the served document (\(served.count) bytes) differs from openapi.json (\(expected.count) bytes)")
                }
            }
        }
    }
}
