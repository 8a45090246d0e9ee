import CarnetCore
import Foundation
import Testing

@Suite("FollowUpTask")
struct FollowUpTaskTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    /// Wednesday 25 March 2026, 10:00 in Paris.
    let now = Timestamp.parse("2026-03-25T10:00+01:00")!
    let quickEntry = QuickEntry(timeZone: FollowUpTaskTests.paris)

    func task(due: String = "2026-03-26T09:00+01:00") -> FollowUpTask {
        var task = FollowUpTask(id: "tsk_1", title: "Call back Dupont", dueAt: Timestamp.parse(due)!, assigneeID: "usr_1", priority: .high, at: now)
        task.contactID = "con_1"
        task.dealID = "deal_1"
        task.companyID = "com_1"
        return task
    }

    func validationError(_ body: () throws(CarnetError) -> Void) -> [FieldError]? {
        do {
            try body()
            return nil
        } catch {
            guard case .validation(let errors) = error else { return nil }
            return errors
        }
    }

    // MARK: JSON

    @Test("encodes every field in snake_case, null included")
    func encoding() throws {
        let data = try CarnetJSON.encoder.encode(task())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == [
            "id", "title", "due_at", "contact_id", "deal_id", "company_id", "assignee_id", "priority", "status",
            "snoozed_until", "outcome", "completed_at", "version", "created_at", "updated_at",
        ])
        #expect(object["snoozed_until"] is NSNull)
        #expect(object["due_at"] as? String == "2026-03-26T08:00:00.000Z")
        #expect(object["priority"] as? String == "high")
        #expect(object["status"] as? String == "open")
    }

    @Test("round-trips through JSON")
    func roundTrip() throws {
        var original = task()
        original.snoozedUntil = Timestamp.parse("2026-03-27T08:00Z")
        let decoded = try CarnetJSON.decoder.decode(FollowUpTask.self, from: CarnetJSON.encoder.encode(original))
        #expect(decoded == original)
    }

    @Test("an unknown priority names the accepted values")
    func badPriority() {
        #expect(throws: DecodingError.self) { try decodeJSON(TaskPatch.self, #"{"priority": "asap"}"#) }
        do {
            _ = try decodeJSON(TaskPatch.self, #"{"priority": "asap"}"#)
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription == "must be low, normal, high or urgent (got asap)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("priorities are ordered low < normal < high < urgent")
    func priorityOrder() {
        #expect(TaskPriority.allCases.sorted() == [.low, .normal, .high, .urgent])
        #expect(TaskPriority.urgent > .high)
    }

    // MARK: patch

    @Test("a patch sets, keeps and clears fields")
    func patching() throws {
        var task = task()
        task.apply(try decodeJSON(TaskPatch.self, #"{"title": "  Send the quote ", "contact_id": null, "priority": "urgent", "snoozed_until": "2026-03-26T07:00:00Z", "due_at": null}"#))
        #expect(task.title == "Send the quote")
        #expect(task.contactID == nil)
        #expect(task.dealID == "deal_1")
        #expect(task.priority == .urgent)
        #expect(task.snoozedUntil == Timestamp.parse("2026-03-26T07:00:00Z"))
        #expect(task.dueAt == Timestamp.parse("2026-03-26T09:00+01:00"))
    }

    @Test("a patch refuses unknown fields and the ones only completion changes", arguments: [
        #"{"titel": "x"}"#, #"{"status": "done"}"#, #"{"completed_at": "2026-03-26T07:00:00Z"}"#, #"{"outcome": "done"}"#,
    ])
    func patchRefuses(json: String) {
        #expect(throws: DecodingError.self) { try decodeJSON(TaskPatch.self, json) }
    }

    @Test("creating a task needs a title and a due date; the creator is the default assignee")
    func creation() throws {
        let created = try FollowUpTask.create(id: "tsk_2", from: decodeJSON(TaskPatch.self, #"{"title": "Call", "due_at": "2026-03-26T08:00:00Z", "deal_id": "deal_1"}"#),
                                              creatorID: "usr_9", at: now)
        #expect(created.assigneeID == "usr_9")
        #expect(created.status == .open)
        #expect(created.priority == .normal)
        #expect(created.dealID == "deal_1")
        #expect(created.version == 1)
        #expect(created.createdAt == now)

        let missing = validationError { () throws(CarnetError) in
            _ = try FollowUpTask.create(id: "tsk_3", from: TaskPatch(), creatorID: "usr_9", at: now, language: .fr)
        }
        #expect(missing == [FieldError("title", "est obligatoire"), FieldError("due_at", "est obligatoire")])

        var untitled = TaskPatch()
        untitled.dueAt = now
        let noTitle = validationError { () throws(CarnetError) in _ = try FollowUpTask.create(id: "tsk_4", from: untitled, creatorID: "usr_9", at: now) }
        #expect(noTitle == [FieldError("title", "is required")])
    }

    // MARK: validation

    @Test("a title is 1 to 200 characters, an outcome at most 2000")
    func lengths() {
        var valid = task()
        valid.title = String(repeating: "é", count: 200)
        valid.outcome = String(repeating: "x", count: 2000)
        #expect(throws: Never.self) { try valid.validate() }

        var invalid = task()
        invalid.title = String(repeating: "é", count: 201)
        invalid.outcome = String(repeating: "x", count: 2001)
        invalid.assigneeID = " "
        #expect(validationError { () throws(CarnetError) in try invalid.validate() } == [
            FieldError("title", "must be at most 200 characters (got 201)"),
            FieldError("assignee_id", "is required"),
            FieldError("outcome", "must be at most 2000 characters (got 2001)"),
        ])
        invalid.title = "  "
        #expect(validationError { () throws(CarnetError) in try invalid.validate(language: .fr) }?.first == FieldError("title", "est obligatoire"))
    }

    @Test("status and completion date agree")
    func statusConsistency() {
        var done = task()
        done.status = .done
        #expect(validationError { () throws(CarnetError) in try done.validate() }.map { $0.map(\.field) } == ["completed_at"])
        var open = task()
        open.completedAt = now
        #expect(validationError { () throws(CarnetError) in try open.validate() }.map { $0.map(\.field) } == ["completed_at"])
    }

    // MARK: due, overdue, snoozed

    @Test("overdue once the due time has passed, unless done or snoozed")
    func overdue() {
        let late = task(due: "2026-03-25T09:59+01:00")
        #expect(late.isOverdue(now: now))
        #expect(!task(due: "2026-03-25T10:00+01:00").isOverdue(now: now))
        var snoozed = late
        snoozed.snoozedUntil = now.addingTimeInterval(60)
        #expect(!snoozed.isOverdue(now: now))
        #expect(snoozed.isOverdue(now: now.addingTimeInterval(61)))
        var done = late
        done.status = .done
        #expect(!done.isOverdue(now: now))
    }

    @Test("due today means today's date on the user's calendar", arguments: [
        ("2026-03-25T00:00+01:00", true), ("2026-03-25T23:59+01:00", true), ("2026-03-24T23:59+01:00", false),
        ("2026-03-26T00:00+01:00", false), ("2026-03-24T23:30Z", true),
    ])
    func dueToday(due: String, expected: Bool) {
        #expect(task(due: due).isDueToday(now: now, timeZone: Self.paris) == expected)
    }

    @Test("the same task is due today in Paris and tomorrow in New York")
    func dueTodayDependsOnZone() throws {
        let late = try #require(Timestamp.parse("2026-03-25T23:30Z"))
        let task = task(due: "2026-03-26T05:00Z")
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        #expect(task.isDueToday(now: late, timeZone: Self.paris))
        #expect(!task.isDueToday(now: late, timeZone: newYork))
    }

    // MARK: completion

    @Test("completing a task records the outcome and makes the next one from a phrase")
    func completeWithPhrase() throws {
        let result = try task().complete(TaskCompletion(outcome: "  Left a message ", next: .phrase("Call again in 3 days")),
                                          nextID: "tsk_2", quickEntry: quickEntry, at: now)
        #expect(result.done.status == .done)
        #expect(result.done.outcome == "Left a message")
        #expect(result.done.completedAt == now)
        #expect(result.done.updatedAt == now)
        let next = try #require(result.next)
        #expect(next.id == "tsk_2")
        #expect(next.title == "Call again")
        #expect(next.dueAt == Timestamp.parse("2026-03-28T09:00+01:00"))
        #expect(next.status == .open)
        #expect(next.contactID == "con_1" && next.dealID == "deal_1" && next.companyID == "com_1")
        #expect(next.assigneeID == "usr_1")
        #expect(next.priority == .high)
        #expect(next.createdAt == now && next.version == 1)
    }

    @Test("a phrase that is only a date keeps the task's title")
    func completeWithDateOnlyPhrase() throws {
        let result = try task().complete(TaskCompletion(next: .phrase("lundi prochain 14h")), nextID: "tsk_2", quickEntry: quickEntry, at: now, language: .fr)
        #expect(result.next?.title == "Call back Dupont")
        #expect(result.next?.dueAt == Timestamp.parse("2026-03-30T14:00+02:00"))
        #expect(result.done.outcome == nil)
    }

    @Test("completion from a JSON body, with a date or nothing next")
    func completeFromJSON() throws {
        let withDate = try decodeJSON(TaskCompletion.self, #"{"outcome": "Quote accepted", "next_at": "2026-04-01T07:00:00Z"}"#)
        let result = try task().complete(withDate, nextID: "tsk_2", quickEntry: quickEntry, at: now)
        #expect(result.next?.dueAt == Timestamp.parse("2026-04-01T07:00:00Z"))

        let alone = try task().complete(decodeJSON(TaskCompletion.self, #"{}"#), nextID: "tsk_2", quickEntry: quickEntry, at: now)
        #expect(alone.next == nil)
        #expect(alone.done.status == .done)

        #expect(throws: DecodingError.self) { try decodeJSON(TaskCompletion.self, #"{"next": "tomorrow", "next_at": "2026-04-01T07:00:00Z"}"#) }
        #expect(throws: DecodingError.self) { try decodeJSON(TaskCompletion.self, #"{"result": "ok"}"#) }
    }

    @Test("a phrase that is not a date is an error on the field next")
    func completeWithBadPhrase() {
        let errors = validationError { () throws(CarnetError) in
            _ = try task().complete(TaskCompletion(next: .phrase("whenever")), nextID: "tsk_2", quickEntry: quickEntry, at: now)
        }
        #expect(errors?.map(\.field) == ["next"])
        #expect(errors?.first?.message.contains("tomorrow 9:00") == true)
    }

    @Test("a too long outcome or next title is refused")
    func completeTooLong() {
        let outcome = validationError { () throws(CarnetError) in
            _ = try task().complete(TaskCompletion(outcome: String(repeating: "x", count: 2001)), nextID: "tsk_2", quickEntry: quickEntry, at: now)
        }
        #expect(outcome?.map(\.field) == ["outcome"])
        let title = validationError { () throws(CarnetError) in
            _ = try task().complete(TaskCompletion(next: .phrase(String(repeating: "a", count: 201) + " tomorrow")), nextID: "tsk_2", quickEntry: quickEntry, at: now)
        }
        #expect(title?.map(\.field) == ["next.title"])
    }

    @Test("a done task cannot be completed again")
    func completeTwice() throws {
        let done = try task().complete(TaskCompletion(), nextID: "tsk_2", quickEntry: quickEntry, at: now).done
        #expect(throws: CarnetError.invalidState("La tâche « Call back Dupont » est déjà faite.")) {
            try done.complete(TaskCompletion(), nextID: "tsk_3", quickEntry: quickEntry, at: now, language: .fr)
        }
    }

    @Test("completing a snoozed task clears the snooze")
    func completeSnoozed() throws {
        var snoozed = task()
        snoozed.snoozedUntil = now.addingTimeInterval(3600)
        let done = try snoozed.complete(TaskCompletion(), nextID: "tsk_2", quickEntry: quickEntry, at: now).done
        #expect(done.snoozedUntil == nil)
    }
}
