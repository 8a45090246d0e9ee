import CarnetCore
import CarnetFollowUps
import CarnetHTTP
import CarnetStore
import CarnetTestSupport
import Foundation
import Hummingbird
import Testing

@Suite("Calendar feeds over HTTP")
struct CalendarFeedAPITests {
    static let catalog = ModuleCatalog([FollowUpsModule()])

    /// The path of a feed's address (`/ical/<token>.ics`).
    func path(_ url: String?) throws -> String {
        let url = try #require(url)
        let range = try #require(url.range(of: "/ical/"))
        return String(url[range.lowerBound...])
    }

    @Test("a member's feed lists their open tasks as events, without a token; revoked, it is a 404", arguments: Backend.available)
    func feed(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["followups"]) { api in
            let due = Timestamp.format(api.clock.now.addingTimeInterval(3600))
            let task = try await api.send(.post, "/api/v1/tasks", as: .role(.member), json: ["title": "Rappeler Durand, devis", "due_at": due])
            #expect(task.code == 201, "\(task.text)")
            _ = try await api.send(.post, "/api/v1/tasks", as: .role(.manager), json: ["title": "Someone else's call", "due_at": due])
            let created = try await api.send(.post, "/api/v1/calendar-feeds", as: .role(.member))
            #expect(created.code == 201, "\(created.text)")
            let feedID = try #require(created.string("id"))
            let address = try path(created.string("url"))
            #expect(address.hasSuffix(".ics"))

            let calendar = try await api.send(.get, address, as: .anonymous)
            #expect(calendar.code == 200, "\(calendar.text)")
            #expect(calendar.contentType == "text/calendar; charset=utf-8")
            #expect(calendar.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(calendar.text.contains("SUMMARY:Rappeler Durand\\, devis\r\n"))
            #expect(calendar.text.contains("UID:\(try #require(task.string("id")))@"))
            #expect(!calendar.text.contains("Someone else"))

            let listed = try await api.send(.get, "/api/v1/calendar-feeds", as: .role(.member))
            #expect((listed.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [feedID])
            #expect(!listed.text.contains("/ical/"))
            expectProblem(try await api.send(.delete, "/api/v1/calendar-feeds/\(feedID)", as: .role(.manager)), 404)
            let revoked = try await api.send(.delete, "/api/v1/calendar-feeds/\(feedID)", as: .role(.member))
            #expect(revoked.code == 200, "\(revoked.text)")
            #expect(revoked.json["revoked_at"] is String)
            expectProblem(try await api.send(.get, address, as: .anonymous), 404)
        }
    }

    @Test("an unknown token is a 404 naming nothing; with the module off the routes are 404 too", arguments: Backend.available)
    func unknownAndDisabled(backend: Backend) async throws {
        try await API.with(backend, catalog: Self.catalog, enabledModules: ["followups"]) { api in
            expectProblem(try await api.send(.get, "/ical/crn_not-a-real-token.ics", as: .anonymous), 404)
            let created = try await api.send(.post, "/api/v1/calendar-feeds", as: .role(.readonly))
            #expect(created.code == 201, "\(created.text)")
            #expect(try await api.send(.post, "/api/v1/modules/followups/disable", as: .role(.admin)).code == 200)
            expectProblem(try await api.send(.get, try path(created.string("url")), as: .anonymous), 404)
            expectProblem(try await api.send(.post, "/api/v1/calendar-feeds", as: .role(.member)), 404)
        }
    }
}
