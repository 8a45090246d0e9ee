import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation

/// A fresh database with the follow-ups module enabled, and the builders its tests need.
struct FollowUpsWorld {
    let services: Services
    let clock: ManualClock
    let settings = FollowUpsSettings(timeZone: TimeZone(identifier: "Europe/Paris")!)
    var tasks: TaskService { TaskService(context: services.context, settings: settings) }
    var today: TodayService { TodayService(context: services.context, settings: settings) }

    /// Runs `body` on a fresh database of `backend`, the clock at 2026-03-02 10:00 in Paris (a Monday).
    static func with(_ backend: Backend, modules enabled: [String] = ["followups"], _ body: @Sendable (FollowUpsWorld) async throws -> Void) async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_772_442_000))
        try await TestDatabase.with(backend, clock: clock, catalog: ModuleCatalog([FollowUpsModule()]), enabledModules: enabled) { services in
            try await body(FollowUpsWorld(services: services, clock: clock))
        }
    }

    func user(_ email: String = "ana@example.com", role: Role = .member) async throws -> User {
        try await services.database.write { [services] conn in
            try services.users.create(email: email, name: email, role: role, passwordHash: nil, actor: .system, conn)
        }
    }

    func contact(_ last: String, by actor: Actor) async throws -> Contact {
        var patch = ContactPatch()
        patch.lastName = last
        let input = patch
        return try await services.database.write { [services] conn in try services.contacts.create(input, actor: actor, conn) }
    }

    func task(_ title: String, due: Date, by actor: Actor, _ configure: (inout TaskPatch) -> Void = { _ in }) async throws -> FollowUpTask {
        var patch = TaskPatch()
        patch.title = title
        patch.dueAt = due
        configure(&patch)
        let input = patch
        return try await services.database.write { [tasks] conn in try tasks.create(input, actor: actor, conn) }
    }

    func deal(_ patch: DealPatch, by actor: Actor) async throws -> Deal {
        try await services.database.write { [services] conn in try services.deals.create(patch, actor: actor, conn) }
    }

    /// An instant `hours` from the clock's now.
    func inHours(_ hours: Double) -> Date {
        clock.now.addingTimeInterval(hours * 3600)
    }
}
