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

/// One API answer, its body read as JSON on demand.
struct APIResponse: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer

    /// The status code as a number.
    var code: Int { Int(status.code) }
    var text: String { String(buffer: body) }
    var bytes: Data { Data(body.readableBytesView) }
    var contentType: String? { headers[.contentType] }

    /// The body as a JSON object; empty when it is not one.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] ?? [:]
    }

    /// The body as a comparable `JSONValue` (key order does not matter); nil when it is not JSON.
    var value: JSONValue? { try? CarnetJSON.decoder.decode(JSONValue.self, from: bytes) }

    /// The `items` of a list answer.
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }

    /// A string member of the body.
    func string(_ key: String) -> String? { json[key] as? String }

    /// The `id` of the body.
    var id: String { string("id") ?? "" }

    /// The `field` of each entry of a problem's `errors`.
    var problemFields: [String] {
        (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    /// A problem's `type`.
    var problemType: String { string("type") ?? "" }
}

/// Who sends a request.
enum Caller: Sendable {
    /// A user of this role, with their API token.
    case role(Role)
    /// Any `Authorization: Bearer` value.
    case token(String)
    /// No `Authorization` header at all.
    case anonymous
}

/// The API of one test: a fresh migrated database, the application on it, and one user
/// with an API token for each role.
struct API: Sendable {
    let client: any TestClientProtocol
    let services: Services
    let clock: ManualClock
    let users: [Role: User]
    let tokens: [Role: String]

    static let logger: Logger = {
        var logger = Logger(label: "carnet.http-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` against the application built by `CarnetApplication.build` over a fresh database.
    static func with(
        _ backend: Backend,
        _ setup: TestingSetup = .router,
        catalog: ModuleCatalog = ModuleCatalog([]),
        enabledModules: [String] = [],
        config: CarnetConfig = API.config,
        _ body: @escaping @Sendable (API) async throws -> Void
    ) async throws {
        let clock = ManualClock()
        try await TestDatabase.with(backend, clock: clock, catalog: catalog, enabledModules: enabledModules) { services in
            let (users, tokens) = try await makeUsers(services)
            let app = CarnetApplication.build(services: services, config: config, logger: logger)
            try await app.test(setup) { client in
                try await body(API(client: client, services: services, clock: clock, users: users, tokens: tokens))
            }
        }
    }

    /// The configuration tests run with: the defaults, on any free port.
    static var config: CarnetConfig {
        var config = CarnetConfig()
        config.port = 0
        return config
    }

    /// One user per role (`readonly@example.com`, ...), each with a fresh API token.
    static func makeUsers(_ services: Services) async throws -> ([Role: User], [Role: String]) {
        var users: [Role: User] = [:]
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            let token = Credentials.newToken()
            let user = try await services.database.write { [users = services.users] conn in
                let user = try users.create(email: "\(role.rawValue)@example.com", name: "\(role.rawValue.capitalized) User",
                                            role: role, passwordHash: nil, actor: .system, conn)
                _ = try users.addToken(userID: user.id, name: "tests", tokenHash: Credentials.tokenHash(token), actor: .system, conn)
                return user
            }
            users[role] = user
            tokens[role] = token
        }
        return (users, tokens)
    }

    /// Sends a request. `json` is serialised with `JSONSerialization`; `body` is sent as is.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, as caller: Caller = .role(.admin),
        json: Any? = nil, body: String? = nil, headers: HTTPFields = [:]
    ) async throws -> APIResponse {
        var fields = headers
        switch caller {
        case .role(let role): fields[.authorization] = "Bearer \(tokens[role]!)"
        case .token(let token): fields[.authorization] = "Bearer \(token)"
        case .anonymous: break
        }
        var buffer: ByteBuffer?
        if let json {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let body {
            buffer = ByteBuffer(string: body)
        }
        if buffer != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        let answer = try await client.execute(uri: path, method: method, headers: fields, body: buffer)
        return APIResponse(status: answer.status, headers: answer.headers, body: answer.body)
    }

    /// `POST` a JSON object, checking that it was created (201); returns the answer.
    func create(_ path: String, as role: Role = .member, _ json: [String: Any],
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> APIResponse {
        let answer = try await send(.post, path, as: .role(role), json: json)
        #expect(answer.code == 201, "POST \(path): \(answer.text)", sourceLocation: sourceLocation)
        return answer
    }

    /// The number of rows in a table matching an optional condition, read straight from the database.
    func count(_ table: String, where condition: String = "1 = 1") async throws -> Int {
        try await services.database.read { conn in
            try conn.queryOne("SELECT COUNT(*) AS n FROM \(table) WHERE \(condition)", [])?.int("n") ?? -1
        }
    }

    /// A contact created through the services, for tests that need one to exist.
    func contact(first: String, last: String) async throws -> Contact {
        var patch = ContactPatch()
        patch.firstName = first
        patch.lastName = last
        let input = patch
        return try await services.database.write { [contacts = services.contacts] conn in
            try contacts.create(input, actor: .system, conn)
        }
    }

    /// A deal in the first stage, linked to a new contact, created through the services; with
    /// a next action "Call back" due at `nextActionAt` when given (follow-ups asks for one).
    func deal(_ title: String, ownerID: String? = nil, nextActionAt: Date? = nil) async throws -> Deal {
        let contact = try await contact(first: "Ana", last: "Lima")
        var patch = DealPatch()
        patch.title = title
        patch.contactID = contact.id
        patch.ownerID = ownerID
        if let nextActionAt {
            patch.nextAction = "Call back"
            patch.nextActionAt = nextActionAt
        }
        let input = patch
        return try await services.database.write { [deals = services.deals] conn in
            try deals.create(input, actor: .system, conn)
        }
    }
}

/// Checks that an answer is a problem+json with this status, naming these fields in `errors`.
func expectProblem(
    _ answer: APIResponse, _ status: Int, fields: [String] = [], typeSuffix: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(answer.code == status, "expected \(status), got \(answer.code): \(answer.text)", sourceLocation: sourceLocation)
    #expect(answer.contentType == "application/problem+json", sourceLocation: sourceLocation)
    #expect(answer.json["status"] as? Int == status, sourceLocation: sourceLocation)
    #expect(!(answer.string("title") ?? "").isEmpty, sourceLocation: sourceLocation)
    #expect(!(answer.string("detail") ?? "").isEmpty, sourceLocation: sourceLocation)
    for field in fields {
        #expect(answer.problemFields.contains(field), "errors should name \(field): \(answer.text)", sourceLocation: sourceLocation)
    }
    if let typeSuffix {
        #expect(answer.problemType.hasSuffix(typeSuffix), "type \(answer.problemType) should end with \(typeSuffix)", sourceLocation: sourceLocation)
    }
}
