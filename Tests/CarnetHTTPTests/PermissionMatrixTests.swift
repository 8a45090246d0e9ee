import CarnetCapture
import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetLeadScoring
import CarnetNurturing
import CarnetReports
import CarnetSegments
import CarnetTestSupport
import CarnetTickets
import Foundation
import Hummingbird
import Testing

/// Every route the router declares, called by every role: the declared permission is the one enforced.
@Suite("Roles × routes")
struct PermissionMatrixTests {
    /// The API routes as the composition root declares them, with the test module's routes mounted.
    static func routes(_ api: API) -> [APIRoute] {
        CarnetApplication.router(services: api.services, config: API.config).1
    }

    /// The path with each `{name}` replaced by a well-formed id that does not exist.
    static func concretePath(_ route: APIRoute, at now: Date) -> String {
        let segments = route.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var result: [String] = []
        for (index, segment) in segments.enumerated() {
            guard segment.hasPrefix("{"), segment.hasSuffix("}") else { result.append(segment); continue }
            let collection = index > 0 ? segments[index - 1] : ""
            let prefix = [
                "contacts": IDPrefix.contact, "companies": IDPrefix.company, "deals": IDPrefix.deal, "activities": IDPrefix.activity,
                "users": IDPrefix.user, "tokens": IDPrefix.token, "events": IDPrefix.event,
            ][collection]
            result.append(prefix.map { EntityID.make($0, at: now) } ?? "no_such_\(collection.isEmpty ? "thing" : collection)")
        }
        return result.joined(separator: "/")
    }

    static func isWrite(_ method: String) -> Bool {
        ["POST", "PUT", "PATCH", "DELETE"].contains(method)
    }

    @Test("a role below a route's permission gets exactly 403; a role at or above never gets 401 or 403", arguments: Backend.available)
    func roleMatrix(backend: Backend) async throws {
        try await API.with(backend, catalog: ModuleCatalog([WidgetsModule(), FollowUpsModule(), TicketsModule(), ReportsModule(), SegmentsModule(), CaptureModule(),
                                                           LeadScoringModule(), NurturingModule()]),
                           enabledModules: ["followups", "tickets", "reports", "segments", "capture", "leadscoring", "nurturing"]) { api in
            let routes = Self.routes(api)
            // The list must be the real one: core routes of every kind and the module's routes are all in it.
            #expect(routes.count >= 35)
            #expect(Set(routes).count == routes.count, "a route is declared twice")
            for permission in Permission.allCases {
                #expect(routes.contains { $0.permission == permission }, "no route needs \(permission)")
            }
            for (method, path, permission) in [("GET", "/api/v1/widgets", Permission.read), ("POST", "/api/v1/widgets", .write),
                                               ("POST", "/api/v1/contacts/{id}/erase", .administer), ("GET", "/api/v1/events", .manage),
                                               ("PATCH", "/api/v1/users/{id}", .administer),
                                               ("POST", "/api/v1/tickets/inbound", .write), ("POST", "/api/v1/ticket-replies", .manage),
                                               ("GET", "/api/v1/reports/forecast", .read), ("POST", "/api/v1/segments/preview", .read),
                                               ("POST", "/api/v1/segments", .write), ("POST", "/api/v1/campaigns/{id}/schedule", .manage),
                                               ("POST", "/api/v1/capture/forms", .manage), ("PATCH", "/api/v1/capture/rules/{id}", .manage),
                                               ("POST", "/api/v1/capture/forms/{id}/bulk", .write), ("GET", "/api/v1/capture/forms/{id}/snippet", .read),
                                               ("PUT", "/api/v1/scoring/model", .manage), ("GET", "/api/v1/contacts/{id}/score", .read),
                                               ("GET", "/api/v1/scoring/backtest", .manage), ("POST", "/api/v1/sequences", .manage),
                                               ("PATCH", "/api/v1/sequences/{id}", .manage), ("POST", "/api/v1/sequences/{id}/enrollments", .write),
                                               ("POST", "/api/v1/enrollments/{id}/stop", .write), ("GET", "/api/v1/sequences/{id}/report", .read)] {
                #expect(routes.contains { $0.method == method && $0.path == path && $0.permission == permission }, "\(method) \(path)")
            }
            // Only these answer without a token (the calendar feed's and the campaign addresses'
            // signed tokens are their own credentials; anyone may send a capture form): any other
            // route without a permission forgot its check.
            #expect(Set(routes.filter { $0.permission == nil }.map { "\($0.method) \($0.path)" }) == [
                "GET /health", "GET /api/v1/openapi.json", "GET /ical/{file}", "GET /u/{token}", "POST /u/{token}", "GET /t/o/{file}", "GET /t/c/{token}",
                "GET /f/{slug}", "POST /f/{slug}",
            ])

            for route in routes {
                let path = Self.concretePath(route, at: api.clock.now)
                let method = HTTPRequest.Method(rawValue: route.method)!
                let body: [String: Any]? = Self.isWrite(route.method) ? [:] : nil
                for role in Role.allCases {
                    let answer = try await api.send(method, path, as: .role(role), json: body)
                    let label = "\(role.rawValue) \(route.method) \(path) [\(route.permission?.rawValue ?? "public")]"
                    if let permission = route.permission, !role.allows(permission) {
                        #expect(answer.code == 403, "\(label): expected 403, got \(answer.code) \(answer.text)")
                        #expect(answer.contentType == "application/problem+json", "\(label)")
                    } else {
                        #expect(answer.code != 401 && answer.code != 403, "\(label): got \(answer.code) \(answer.text)")
                        #expect((200..<500).contains(answer.code), "\(label): got \(answer.code) \(answer.text)")
                    }
                }
            }
        }
    }

    @Test("every non-public route without a token is a 401", arguments: Backend.available)
    func anonymousMatrix(backend: Backend) async throws {
        try await API.with(backend, catalog: ModuleCatalog([WidgetsModule(), FollowUpsModule(), TicketsModule(), ReportsModule(), SegmentsModule(), CaptureModule(),
                                                           LeadScoringModule(), NurturingModule()]),
                           enabledModules: ["followups", "tickets", "reports", "segments", "capture", "leadscoring", "nurturing"]) { api in
            let routes = Self.routes(api)
            #expect(routes.filter { $0.permission != nil }.count >= 30)
            for route in routes {
                let path = Self.concretePath(route, at: api.clock.now)
                let body: [String: Any]? = Self.isWrite(route.method) ? [:] : nil
                let answer = try await api.send(HTTPRequest.Method(rawValue: route.method)!, path, as: .anonymous, json: body)
                let label = "anonymous \(route.method) \(path)"
                if route.permission == nil {
                    #expect(answer.code != 401 && answer.code != 403, "\(label): public route got \(answer.code)")
                } else {
                    #expect(answer.code == 401, "\(label): expected 401, got \(answer.code) \(answer.text)")
                    #expect(answer.headers[.wwwAuthenticate] == "Bearer", "\(label)")
                }
            }
        }
    }
}
