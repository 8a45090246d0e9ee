import Foundation

/// An HTTP method a module route answers.
public enum RouteMethod: String, Sendable {
    case get = "GET", post = "POST", patch = "PATCH", put = "PUT", delete = "DELETE"
}

/// What a module route handler receives, independent of the HTTP framework.
public struct RouteRequest: Sendable {
    public var method: RouteMethod
    /// The path asked for, e.g. `/api/v1/tasks/tsk_1/complete`.
    public var path: String
    /// Values of `{name}` segments in the route's path.
    public var parameters: [String: String]
    public var query: [String: String]
    public var body: [UInt8]
    public var actor: Actor
    /// The host's services (the database); CarnetStore gives it a typed accessor.
    public var services: any Sendable
    /// Request headers by lowercased name (`if-match`).
    public var headers: [String: String]

    public init(method: RouteMethod, path: String = "", parameters: [String: String], query: [String: String], body: [UInt8], actor: Actor,
                services: any Sendable, headers: [String: String] = [:]) {
        self.method = method
        self.path = path
        self.parameters = parameters
        self.query = query
        self.body = body
        self.actor = actor
        self.services = services
        self.headers = headers
    }

    /// The version a write expects, from `If-Match: 3` (or `"3"`); nil when absent.
    public func expectedVersion() throws(CarnetError) -> Int? {
        try IfMatch.version(headers["if-match"])
    }
}

/// A module route's answer: a status, a body (JSON unless it says otherwise) and extra headers.
public struct RouteResponse: Sendable {
    public var status: Int
    /// The text of the body: JSON, or what `contentType` names.
    public var body: Data
    /// Headers besides `Content-Type`, e.g. `Idempotent-Replayed`.
    public var headers: [String: String] = [:]
    /// The body's media type.
    public var contentType = "application/json"

    /// An answer whose body is already JSON text.
    public init(status: Int, body: Data, headers: [String: String] = [:]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    /// An answer whose body is `text` of another media type, such as `text/csv; charset=utf-8`.
    public init(status: Int = 200, text: String, contentType: String, headers: [String: String] = [:]) {
        self.status = status
        body = Data(text.utf8)
        self.headers = headers
        self.contentType = contentType
    }

    public init(status: Int = 200, json: JSONValue) {
        self.status = status
        body = (try? CarnetJSON.encoder.encode(json)) ?? Data("null".utf8)
    }

    /// An answer whose body is `value` as the API writes it (an entity, a page).
    public init(status: Int = 200, encoding value: some Encodable) throws {
        self.status = status
        body = try CarnetJSON.encoder.encode(value)
    }
}

extension RouteRequest {
    /// The body decoded as `T`; problems name the field at fault, like the core routes'.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard !body.isEmpty else { throw CarnetError.malformed(detail: "The request needs a JSON body.", field: nil) }
        let data = Data(body)
        do {
            return try CarnetJSON.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw CarnetError(decoding: error, body: data)
        }
    }
}

/// An API route a module adds under `/api/v1`, hidden while the module is disabled.
public struct ModuleRoute: Sendable {
    public var method: RouteMethod
    /// Relative to `/api/v1`, with `{name}` parameters: `tasks/{id}`.
    public var path: String
    /// The permission the caller needs; checked before the handler runs.
    public var permission: Permission
    public var summary: String
    public var handler: @Sendable (RouteRequest) async throws -> RouteResponse

    public init(_ method: RouteMethod, _ path: String, permission: Permission, summary: String, handler: @escaping @Sendable (RouteRequest) async throws -> RouteResponse) {
        self.method = method
        self.path = path
        self.permission = permission
        self.summary = summary
        self.handler = handler
    }
}
