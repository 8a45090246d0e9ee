import CarnetCore
import CarnetFollowUps
import CarnetStore
import Foundation
import Hummingbird

/// The follow-ups calendar feeds: `/api/v1/calendar-feeds` for their owner, and the public
/// `/ical/{token}.ics` that calendar apps poll (the route is `/ical/{file}`).
///
/// Here rather than among the module's routes because the feed is public (the secret token
/// in its address is the credential) and answers `text/calendar`; both still answer 404
/// while the follow-ups module is off. Tokens are made and hashed like API tokens.
struct CalendarRoutes {
    let writes: WriteRunner
    let gate: ModuleGate
    let publicURL: String

    static let module = "followups"
    static let calendarType = "text/calendar; charset=utf-8"

    func register(_ api: APIRouteBuilder) {
        let services = writes.services
        let feeds = CalendarFeedService(context: services.context)
        let (gate, publicURL) = (self.gate, self.publicURL)
        api.on(.post, "calendar-feeds", .read) { request, _, actor in
            try await gate.require(Self.module)
            let userID = try Self.user(actor)
            let token = Credentials.newToken()
            return try await writes.run(request, actor: actor, status: .created, secret: true) { conn in
                let feed = try feeds.create(userID: userID, tokenHash: Credentials.tokenHash(token), conn)
                return (try CarnetJSON.encoder.encode(Created(feed: feed, url: "\(publicURL)/ical/\(token).ics")), nil)
            }
        }
        api.on(.get, "calendar-feeds", .read) { _, _, actor in
            try await gate.require(Self.module)
            let userID = try Self.user(actor)
            return try await writes.read { conn in Page(items: try feeds.list(userID: userID, conn)) }
        }
        api.on(.delete, "calendar-feeds/{id}", .read) { request, context, actor in
            try await gate.require(Self.module)
            let userID = try Self.user(actor)
            let id = try context.parameter("id")
            return try await writes.update(request, actor: actor) { conn in try feeds.revoke(id, userID: userID, conn) }
        }
        api.publicRoute(.get, "/ical/{file}") { _, context in
            try await gate.require(Self.module)
            let file = try context.parameter("file")
            guard file.hasSuffix(".ics"), file.count <= 200 else { throw CarnetError.notFound(entity: "calendar feed", id: "this address") }
            let token = String(file.dropLast(4))
            let (user, tasks) = try await services.database.read { conn in
                try feeds.tasks(tokenHash: Credentials.tokenHash(token), users: services.users, conn)
            }
            let host = URL(string: publicURL)?.host ?? "carnet"
            let body = TaskCalendar.render(tasks, name: "Carnet — \(user.name)", now: services.context.clock.now, link: publicURL, domain: host)
            return Response(status: .ok, headers: [.contentType: Self.calendarType, .cacheControl: "private, max-age=300"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
    }

    static func user(_ actor: Actor) throws -> String {
        guard let userID = actor.userID else { throw CarnetError.invalidState("Calendar feeds belong to a user; the system actor has none.") }
        return userID
    }

    /// The answer of a new feed: the feed and its address, shown this once.
    struct Created: Encodable {
        var feed: CalendarFeed
        var url: String

        func encode(to encoder: any Encoder) throws {
            try feed.encode(to: encoder)
            var c = encoder.container(keyedBy: Key.self)
            try c.encode(url, forKey: .url)
        }

        enum Key: String, CodingKey { case url }
    }

    /// The list of a user's feeds.
    struct Page: Encodable, Sendable {
        var items: [CalendarFeed]
    }
}
