import CarnetCore
import CarnetFollowUps
import CarnetMail
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Daily digest")
struct DigestServiceTests {
    func queue(_ world: FollowUpsWorld) async throws -> Int {
        try await world.services.database.write { [services = world.services, settings = world.settings] conn in
            let mail = MailQueue(jobs: services.jobs, settings: MailSettings())
            return try DigestService(context: services.context, settings: settings, mail: mail).queueDue(users: services.users, conn)
        }
    }

    func digests(_ world: FollowUpsWorld) async throws -> [Job] {
        try await world.services.database.read { [services = world.services] conn in
            try conn.query("SELECT id FROM jobs WHERE kind = ? ORDER BY id", [.text(MailQueue.kind)]).compactMap { $0.string("id") }
                .map { try services.jobs.get($0, conn) }
        }
    }

    @Test("one digest per user per day after the local digest time, in the user's language; nothing for an empty agenda", arguments: Backend.available)
    func oncePerDay(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let lea = try await world.services.database.write { [services = world.services] conn in
                try services.users.create(email: "lea@example.fr", name: "Léa", role: .member, passwordHash: nil, locale: "fr", actor: .system, conn)
            }
            _ = try await world.user("idle@example.com")
            _ = try await world.task("Rappeler Durand", due: world.inHours(-2), by: lea.actor)
            // 10:00 in Paris on a Monday: the 07:30 digest is due.
            #expect(try await queue(world) == 1)
            #expect(try await queue(world) == 0)
            let sent = try await digests(world)
            #expect(sent.count == 1)
            let message = try MailMessage(payload: try #require(sent.first).payload)
            #expect(message.to.map(\.address) == ["lea@example.fr"])
            #expect(message.subject == "Votre journée dans Carnet : 1 chose à faire, 1 en retard")
            #expect(message.text.contains("- Rappeler Durand: "))
            #expect(message.text.hasPrefix("Bonjour Léa, voici ce qui vous attend aujourd’hui (02/03/2026)"))
            // The next day, before 07:30 nothing; after, a new digest.
            world.clock.advance(by: 18 * 3600)
            #expect(try await queue(world) == 0)
            world.clock.advance(by: 4 * 3600)
            #expect(try await queue(world) == 1)
            #expect(try await digests(world).count == 2)
        }
    }
}
