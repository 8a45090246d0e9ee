import CarnetCore
import Foundation

/// One step of a sequence. Steps run in order; a branch may only skip forward, so a
/// sequence always ends.
public enum SequenceStep: Sendable, Equatable {
    /// Sends a marketing e-mail (merge fields as in campaigns), consent checked when it is
    /// queued and again when it is sent.
    case email(subject: String, body: String)
    /// Waits before the next step.
    case wait(SequenceWait)
    /// Creates a task for the contact's owner, due after `dueInDays`.
    case task(title: String, dueInDays: Int)
    /// Adds a tag to the contact.
    case tag(String)
    /// Goes on at `then` when the condition holds, else at `otherwise` (step indexes from 0;
    /// nil is the next step, the step count the end).
    case branch(BranchCondition, then: Int?, otherwise: Int?)

    /// The kinds, as the API spells them.
    public static let kinds = ["email", "wait", "task", "tag", "branch"]

    public var kind: String {
        switch self {
        case .email: "email"
        case .wait: "wait"
        case .task: "task"
        case .tag: "tag"
        case .branch: "branch"
        }
    }

    /// The API's form; branch targets as step numbers from 1, or `"end"`.
    func json(stepCount: Int) -> JSONValue {
        func target(_ index: Int?) -> JSONValue? {
            guard let index else { return nil }
            return index >= stepCount ? .string("end") : .number(Double(index + 1))
        }
        var fields: [String: JSONValue] = ["kind": .string(kind)]
        switch self {
        case .email(let subject, let body):
            fields["subject"] = .string(subject)
            fields["body"] = .string(body)
        case .wait(let wait):
            fields.merge(wait.json) { _, new in new }
        case .task(let title, let days):
            fields["title"] = .string(title)
            fields["due_in_days"] = .number(Double(days))
        case .tag(let tag):
            fields["tag"] = .string(tag)
        case .branch(let condition, let then, let otherwise):
            fields["if"] = .string(condition.name)
            if case .scoreAtLeast(let score) = condition { fields["score"] = .number(Double(score)) }
            fields["then"] = target(then)
            fields["else"] = target(otherwise)
        }
        return .object(fields)
    }
}

/// How long a `wait` step waits.
public enum SequenceWait: Sendable, Equatable {
    /// A fixed time.
    case duration(days: Int, hours: Int)
    /// Until the next `weekday` (1 = Monday … 7 = Sunday) at `hour` o'clock after the wait
    /// starts, in the module's time zone.
    case until(weekday: Int, hour: Int)

    /// The weekday names, Monday first.
    public static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// The longest wait: a wait must end.
    public static let maximumDays = 365

    /// When the wait that starts at `start` ends.
    public func end(after start: Date, timeZone: TimeZone) -> Date {
        switch self {
        case .duration(let days, let hours):
            return start.addingTimeInterval(Double(days) * 86_400 + Double(hours) * 3_600)
        case .until(let weekday, let hour):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            // Foundation counts weekdays from Sunday = 1.
            let target = DateComponents(hour: hour, minute: 0, second: 0, weekday: weekday % 7 + 1)
            return calendar.nextDate(after: start, matching: target, matchingPolicy: .nextTime) ?? start.addingTimeInterval(7 * 86_400)
        }
    }

    var json: [String: JSONValue] {
        switch self {
        case .duration(let days, let hours):
            var fields: [String: JSONValue] = [:]
            if days > 0 { fields["days"] = .number(Double(days)) }
            if hours > 0 { fields["hours"] = .number(Double(hours)) }
            return fields
        case .until(let weekday, let hour):
            return ["until": .object(["weekday": .string(Self.weekdays[weekday - 1]), "hour": .number(Double(hour))])]
        }
    }
}

/// What a branch step tests, over the contact's e-mails of this enrollment so far.
public enum BranchCondition: Sendable, Equatable {
    case opened
    case clicked
    /// The lead score is at least this (needs the leadscoring module; no score is 0).
    case scoreAtLeast(Int)

    public static let names = ["opened", "clicked", "score_at_least"]

    public var name: String {
        switch self {
        case .opened: "opened"
        case .clicked: "clicked"
        case .scoreAtLeast: "score_at_least"
        }
    }
}
