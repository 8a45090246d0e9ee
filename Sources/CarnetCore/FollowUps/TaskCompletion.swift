import Foundation

/// How a user closes a follow-up task: what came of it, and optionally what to do next.
///
/// The body of `POST /api/v1/tasks/{id}/complete`:
/// `{"outcome": "left a message", "next": "call back in 3 days"}` or `{"next_at": "2026-04-01T09:00:00Z"}`.
public struct TaskCompletion: Sendable, Decodable {
    /// When the next task is due: a quick-entry phrase or an instant.
    public enum Next: Sendable, Equatable {
        /// Read by `QuickEntry`; its leftover words, if any, are the next task's title.
        case phrase(String)
        case date(Date)
    }

    public var outcome: String?
    public var next: Next?

    public init(outcome: String? = nil, next: Next? = nil) {
        self.outcome = outcome
        self.next = next
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case outcome, next, nextAt = "next_at"
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        outcome = try c.decodeIfPresent(String.self, forKey: .outcome)
        let phrase = try c.decodeIfPresent(String.self, forKey: .next)
        let date = try c.decodeIfPresent(Date.self, forKey: .nextAt)
        switch (phrase, date) {
        case (let phrase?, nil): next = .phrase(phrase)
        case (nil, let date?): next = .date(date)
        case (nil, nil): next = nil
        case (_?, _?):
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [CodingKeys.nextAt], debugDescription: "give next or next_at, not both"))
        }
    }

    /// The task as done, and the next one when the completion asked for it.
    public struct Result: Sendable, Equatable {
        public var done: FollowUpTask
        public var next: FollowUpTask?
    }
}

extension FollowUpTask {
    /// Marks the task done at `now` and makes the next one, due as `completion.next` says,
    /// with the same links, assignee and priority; its title is the phrase's leftover
    /// words, or this task's title when the phrase was only a date.
    ///
    /// Throws `invalidState` when the task is already done, and `validation` for a too
    /// long outcome or a phrase `QuickEntry` cannot read (on the field `next`).
    public func complete(_ completion: TaskCompletion, nextID: String, quickEntry: QuickEntry, at now: Date, language: Language = .en) throws(CarnetError) -> TaskCompletion.Result {
        guard status == .open else { throw .invalidState(L10n.text("task.already_done", language, ["title": title])) }
        var done = self
        done.status = .done
        done.outcome = completion.outcome
        done.completedAt = now
        done.snoozedUntil = nil
        done.updatedAt = now
        done.normalize()
        try done.validate(language: language)

        guard let nextDue = completion.next else { return TaskCompletion.Result(done: done, next: nil) }
        var next = FollowUpTask(id: nextID, title: title, dueAt: now, assigneeID: assigneeID, priority: priority, at: now)
        next.contactID = contactID
        next.dealID = dealID
        next.companyID = companyID
        switch nextDue {
        case .date(let date):
            next.dueAt = date
        case .phrase(let phrase):
            do {
                let read = try quickEntry.parse(phrase, now: now, language: language)
                next.dueAt = read.dueAt
                if !read.title.isEmpty { next.title = read.title }
            } catch {
                throw Self.renamingFields(of: error) { _ in "next" }
            }
        }
        next.normalize()
        do {
            try next.validate(language: language)
        } catch {
            throw Self.renamingFields(of: error) { "next." + $0 }
        }
        return TaskCompletion.Result(done: done, next: next)
    }

    /// The error with its fields renamed for the completion body: QuickEntry's `text`
    /// becomes `next`, the next task's `title` becomes `next.title`.
    private static func renamingFields(of error: CarnetError, _ rename: (String) -> String) -> CarnetError {
        guard case .validation(let errors) = error else { return error }
        return .validation(errors.map { FieldError(rename($0.field), $0.message) })
    }
}
