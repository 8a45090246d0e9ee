import CarnetCore
import CarnetFollowUps
import CarnetStore
import CarnetTestSupport
import Foundation
import Testing

@Suite("Follow-up tasks")
struct TaskServiceTests {
    @Test("a task is created for its creator, stored, and announced by task.created", arguments: Backend.available)
    func create(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let contact = try await world.contact("Dupont", by: ana.actor)
            let task = try await world.task("Call back Dupont", due: world.inHours(72), by: ana.actor) { $0.contactID = contact.id }
            #expect(task.assigneeID == ana.id)
            let stored = try await world.services.database.read { [tasks = world.tasks] conn in try tasks.get(task.id, conn) }
            #expect(stored == task)
            let events = try await world.services.database.read { [changes = world.services.changes] conn in try changes.events(entity: "task", id: task.id, conn) }
            #expect(events.map(\.type) == ["task.created"])
        }
    }

    @Test("an assignee who is not a user and a link to nothing are refused, and nothing is stored", arguments: Backend.available)
    func badReferences(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            await #expect(throws: CarnetError.validation([FieldError("assignee_id", "no active user with id usr_nobody"), FieldError("deal_id", "no deal with id dea_nothing")])) {
                _ = try await world.task("Call", due: world.inHours(1), by: ana.actor) { patch in
                    patch.assigneeID = "usr_nobody"
                    patch.dealID = .some("dea_nothing")
                }
            }
            let count = try await world.services.database.read { conn in try conn.queryOne("SELECT COUNT(*) AS n FROM tasks", [])?.int("n") }
            #expect(count == 0)
        }
    }

    @Test("a due date in the past is allowed and the task is overdue at once", arguments: Backend.available)
    func pastDue(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let task = try await world.task("Late already", due: world.inHours(-2), by: ana.actor)
            #expect(task.isOverdue(now: world.clock.now))
            var query = TaskQuery()
            query.due = .overdue
            let page = try await world.services.database.read { [tasks = world.tasks, query] conn in try tasks.list(query, conn) }
            #expect(page.items.map(\.id) == [task.id])
        }
    }

    @Test("due=overdue|today|upcoming split open tasks on the module's calendar; a task snoozed past today is not today's", arguments: Backend.available)
    func dueFilters(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let overdue = try await world.task("Yesterday", due: world.inHours(-20), by: ana.actor)
            let laterToday = try await world.task("Tonight", due: world.inHours(8), by: ana.actor)
            let tomorrow = try await world.task("Tomorrow", due: world.inHours(24), by: ana.actor)
            // Due today but snoozed to tomorrow: not today's, as on Today.
            _ = try await world.task("Snoozed", due: world.inHours(2), by: ana.actor) { $0.snoozedUntil = world.inHours(23) }
            func ids(_ due: TaskQuery.Due) async throws -> [String] {
                var query = TaskQuery()
                query.due = due
                query.assigneeID = ana.id
                return try await world.services.database.read { [tasks = world.tasks, query] conn in try tasks.list(query, conn) }.items.map(\.id)
            }
            #expect(try await ids(.overdue) == [overdue.id])
            #expect(try await ids(.today) == [laterToday.id])
            #expect(try await ids(.upcoming) == [tomorrow.id])
        }
    }

    @Test("completing a task stores its outcome and schedules the next one from a phrase in the same step", arguments: Backend.available)
    func completeWithNext(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let task = try await world.task("Call Dupont", due: world.inHours(1), by: ana.actor)
            let result = try await world.services.database.write { [tasks = world.tasks] conn in
                try tasks.complete(task.id, TaskCompletion(outcome: "No answer", next: .phrase("relancer dans 3 jours")), expectedVersion: nil, actor: ana.actor, language: .fr, conn)
            }
            #expect(result.done.status == .done)
            #expect(result.done.outcome == "No answer")
            #expect(result.done.version == task.version + 1)
            let next = try #require(result.next)
            #expect(next.title == "relancer")
            #expect(next.status == .open)
            let stored = try await world.services.database.read { [tasks = world.tasks] conn in try tasks.get(next.id, conn) }
            #expect(stored == next)
            await #expect(throws: CarnetError.self) {
                try await world.services.database.write { [tasks = world.tasks] conn in
                    _ = try tasks.complete(task.id, TaskCompletion(), expectedVersion: nil, actor: ana.actor, conn)
                }
            }
        }
    }

    @Test("an unreadable phrase for the next task refuses the completion and leaves the task open", arguments: Backend.available)
    func completeWithBadPhrase(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let task = try await world.task("Call", due: world.inHours(1), by: ana.actor)
            await #expect(throws: CarnetError.self) {
                try await world.services.database.write { [tasks = world.tasks] conn in
                    _ = try tasks.complete(task.id, TaskCompletion(outcome: "ok", next: .phrase("whenever")), expectedVersion: nil, actor: ana.actor, conn)
                }
            }
            let stored = try await world.services.database.read { [tasks = world.tasks] conn in try tasks.get(task.id, conn) }
            #expect(stored.status == .open)
        }
    }

    @Test("a stale version is refused with 409", arguments: Backend.available)
    func staleVersion(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            let task = try await world.task("Call", due: world.inHours(1), by: ana.actor)
            var patch = TaskPatch()
            patch.title = "Call again"
            let input = patch
            _ = try await world.services.database.write { [tasks = world.tasks] conn in try tasks.update(task.id, input, expectedVersion: 1, actor: ana.actor, conn) }
            await #expect(throws: CarnetError.versionConflict(entity: "task", id: task.id, expected: 1, actual: 2)) {
                try await world.services.database.write { [tasks = world.tasks] conn in _ = try tasks.update(task.id, input, expectedVersion: 1, actor: ana.actor, conn) }
            }
        }
    }

    @Test("lists page by due time with a cursor, never repeating a task", arguments: Backend.available)
    func paging(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let ana = try await world.user()
            var created: [String] = []
            for index in 0..<7 { created.append(try await world.task("Task \(index)", due: world.inHours(Double(index % 3)), by: ana.actor).id) }
            var seen: [String] = []
            var cursor: String?
            repeat {
                var query = TaskQuery()
                query.limit = 3
                query.cursor = cursor
                let page = try await world.services.database.read { [tasks = world.tasks, query] conn in try tasks.list(query, conn) }
                seen += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(seen.count == 7)
            #expect(Set(seen) == Set(created))
        }
    }

    @Test("a readonly user cannot create a task", arguments: Backend.available)
    func readonly(backend: Backend) async throws {
        try await FollowUpsWorld.with(backend) { world in
            let reader = try await world.user("reader@example.com", role: .readonly)
            await #expect(throws: CarnetError.self) { _ = try await world.task("Call", due: world.inHours(1), by: reader.actor) }
        }
    }
}
