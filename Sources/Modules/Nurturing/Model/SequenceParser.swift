import CarnetCore
import CarnetSegments

/// Reads a sequence's trigger, steps and exit conditions from the API's JSON and refuses,
/// naming the path (`steps[3].days`), what would not run: an unknown kind, an e-mail with an
/// unknown merge field, a wait that never ends or lasts over a year, a branch that goes back
/// (a loop) or past the end.
public struct SequenceParser: Sendable {
    public var language: Language

    public init(language: Language = .en) {
        self.language = language
    }

    public func parse(trigger: JSONValue, steps: JSONValue, exits: JSONValue?) throws(CarnetError) -> SequenceDefinition {
        var errors: [FieldError] = []
        let parsedTrigger = self.trigger(trigger, &errors)
        let parsedSteps = self.steps(steps, &errors)
        let parsedExits = self.exits(exits, &errors)
        guard errors.isEmpty, let parsedTrigger else { throw .validation(errors) }
        return SequenceDefinition(trigger: parsedTrigger, steps: parsedSteps, exits: parsedExits)
    }

    private func text(_ key: String, _ values: [String: String] = [:]) -> String {
        L10n.text(key, language, values)
    }

    // MARK: Trigger

    private func trigger(_ json: JSONValue, _ errors: inout [FieldError]) -> SequenceTrigger? {
        guard case .object(let fields) = json else {
            errors.append(FieldError("trigger", text("nurture.object")))
            return nil
        }
        guard let kind = string(fields["kind"], "trigger.kind", &errors) else { return nil }
        switch kind {
        case "form_submitted":
            if fields["form"] == nil || fields["form"] == .null { return .formSubmitted(form: nil) }
            return name(fields["form"], "trigger.form", &errors).map { .formSubmitted(form: $0) }
        case "tag_added":
            return name(fields["tag"], "trigger.tag", &errors).map { .tagAdded($0.lowercased()) }
        case "segment_entered":
            return name(fields["segment_id"], "trigger.segment_id", &errors).map { .segmentEntered(segmentID: $0) }
        case "score_band":
            guard let band = string(fields["band"], "trigger.band", &errors) else { return nil }
            guard SequenceTrigger.bands.contains(band) else {
                errors.append(FieldError("trigger.band", text("nurture.band")))
                return nil
            }
            return .scoreBand(band)
        case "manual":
            return .manual
        default:
            errors.append(FieldError("trigger.kind", text("nurture.unknown_kind", ["value": kind, "known": SequenceTrigger.kinds.joined(separator: ", ")])))
            return nil
        }
    }

    // MARK: Steps

    private func steps(_ json: JSONValue, _ errors: inout [FieldError]) -> [SequenceStep] {
        guard case .array(let items) = json else {
            errors.append(FieldError("steps", text("nurture.list")))
            return []
        }
        guard !items.isEmpty else {
            errors.append(FieldError("steps", text("nurture.no_steps")))
            return []
        }
        guard items.count <= SequenceDefinition.maximumSteps else {
            errors.append(FieldError("steps", text("nurture.too_many_steps", ["max": String(SequenceDefinition.maximumSteps), "count": String(items.count)])))
            return []
        }
        var result: [SequenceStep] = []
        for (index, item) in items.enumerated() {
            if let step = self.step(item, index: index, count: items.count, &errors) { result.append(step) }
        }
        if case .wait? = result.last, result.count == items.count {
            errors.append(FieldError("steps[\(items.count)]", text("nurture.trailing_wait")))
        }
        return result
    }

    private func step(_ json: JSONValue, index: Int, count: Int, _ errors: inout [FieldError]) -> SequenceStep? {
        let path = "steps[\(index + 1)]"
        guard case .object(let fields) = json else {
            errors.append(FieldError(path, text("nurture.object")))
            return nil
        }
        guard let kind = string(fields["kind"], "\(path).kind", &errors) else { return nil }
        switch kind {
        case "email":
            let subject = string(fields["subject"], "\(path).subject", &errors)
            let body = string(fields["body"], "\(path).body", &errors)
            guard let subject, let body else { return nil }
            do {
                _ = try CampaignTemplate(subject: subject, body: body, language: language)
            } catch {
                if case .validation(let found) = error { errors += found.map { FieldError("\(path).\($0.field)", $0.message) } }
                return nil
            }
            return .email(subject: subject, body: body)
        case "wait":
            return wait(fields, path: path, &errors).map(SequenceStep.wait)
        case "task":
            guard let title = string(fields["title"], "\(path).title", &errors) else { return nil }
            guard title.count <= Limits.shortText else {
                errors.append(FieldError("\(path).title", text("validation.too_long", ["max": String(Limits.shortText), "count": String(title.count)])))
                return nil
            }
            do { _ = try MergeTemplate(title, field: "\(path).title", known: CampaignTemplate.fields, language: language) } catch {
                if case .validation(let found) = error { errors += found }
                return nil
            }
            let days = fields["due_in_days"] == nil ? 0 : whole(fields["due_in_days"], "\(path).due_in_days", in: 0...SequenceWait.maximumDays, &errors)
            return days.map { .task(title: title, dueInDays: $0) }
        case "tag":
            return name(fields["tag"], "\(path).tag", &errors).map { .tag($0.lowercased()) }
        case "branch":
            guard let condition = string(fields["if"], "\(path).if", &errors) else { return nil }
            let parsed: BranchCondition
            switch condition {
            case "opened": parsed = .opened
            case "clicked": parsed = .clicked
            case "score_at_least":
                guard let score = whole(fields["score"], "\(path).score", in: 0...100, &errors) else { return nil }
                parsed = .scoreAtLeast(score)
            default:
                errors.append(FieldError("\(path).if", text("nurture.unknown_kind", ["value": condition, "known": BranchCondition.names.joined(separator: ", ")])))
                return nil
            }
            let then = target(fields["then"], "\(path).then", index: index, count: count, &errors)
            let otherwise = target(fields["else"], "\(path).else", index: index, count: count, &errors)
            guard case .some(let thenIndex) = then, case .some(let elseIndex) = otherwise else { return nil }
            return .branch(parsed, then: thenIndex, otherwise: elseIndex)
        default:
            errors.append(FieldError("\(path).kind", text("nurture.unknown_kind", ["value": kind, "known": SequenceStep.kinds.joined(separator: ", ")])))
            return nil
        }
    }

    private func wait(_ fields: [String: JSONValue], path: String, _ errors: inout [FieldError]) -> SequenceWait? {
        if let until = fields["until"] {
            guard case .object(let at) = until else {
                errors.append(FieldError("\(path).until", text("nurture.object")))
                return nil
            }
            let day = string(at["weekday"], "\(path).until.weekday", &errors)
            let hour = whole(at["hour"], "\(path).until.hour", in: 0...23, &errors)
            guard let day, let hour else { return nil }
            guard let weekday = SequenceWait.weekdays.firstIndex(of: day.lowercased()) else {
                errors.append(FieldError("\(path).until.weekday", text("nurture.weekday")))
                return nil
            }
            return .until(weekday: weekday + 1, hour: hour)
        }
        let maxHours = SequenceWait.maximumDays * 24
        let days = fields["days"] == nil ? 0 : whole(fields["days"], "\(path).days", in: 0...SequenceWait.maximumDays, &errors)
        let hours = fields["hours"] == nil ? 0 : whole(fields["hours"], "\(path).hours", in: 0...maxHours, &errors)
        guard let days, let hours else { return nil }
        let total = days * 24 + hours
        guard total > 0, total <= maxHours else {
            errors.append(FieldError(path, text("nurture.wait", ["max": String(SequenceWait.maximumDays)])))
            return nil
        }
        return .duration(days: days, hours: hours)
    }

    /// A branch target: a later step's number from 1, or `"end"`; nil (absent) is the next step.
    /// Returns `.some(nil)` for the next step and `nil` when the value is refused.
    private func target(_ json: JSONValue?, _ path: String, index: Int, count: Int, _ errors: inout [FieldError]) -> Int?? {
        switch json {
        case nil, .null?: return .some(nil)
        case .string("end")?: return .some(count)
        case .number(let number)? where number == number.rounded():
            // Compared as a Double: a number too large for an Int is simply past the end.
            guard number > Double(index + 1) else {
                errors.append(FieldError(path, text("nurture.backward", ["step": String(index + 1)])))
                return nil
            }
            guard number <= Double(count) else {
                errors.append(FieldError(path, text("nurture.no_such_step", ["value": number.formatted(.number.grouping(.never)), "count": String(count)])))
                return nil
            }
            return .some(Int(number) - 1)
        default:
            errors.append(FieldError(path, text("nurture.target")))
            return nil
        }
    }

    // MARK: Exits

    private func exits(_ json: JSONValue?, _ errors: inout [FieldError]) -> [ExitReason] {
        guard let json, json != .null else { return ExitReason.conditions }
        guard case .array(let items) = json else {
            errors.append(FieldError("exit_on", text("nurture.list")))
            return []
        }
        var result: [ExitReason] = []
        for (index, item) in items.enumerated() {
            guard case .string(let name) = item, let reason = ExitReason(rawValue: name), ExitReason.conditions.contains(reason) else {
                errors.append(FieldError("exit_on[\(index + 1)]", text("nurture.unknown_kind", [
                    "value": { if case .string(let name) = item { name } else { "?" } }(), "known": ExitReason.conditions.map(\.rawValue).joined(separator: ", "),
                ])))
                continue
            }
            if !result.contains(reason) { result.append(reason) }
        }
        return result
    }

    // MARK: Values

    private func string(_ json: JSONValue?, _ path: String, _ errors: inout [FieldError]) -> String? {
        guard case .string(let value)? = json, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            errors.append(FieldError(path, text("validation.required")))
            return nil
        }
        return value
    }

    /// A short name (tag, slug, id): required, at most 64 characters.
    private func name(_ json: JSONValue?, _ path: String, _ errors: inout [FieldError]) -> String? {
        guard let value = string(json, path, &errors)?.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        guard value.count <= 64 else {
            errors.append(FieldError(path, text("validation.too_long", ["max": "64", "count": String(value.count)])))
            return nil
        }
        return value
    }

    private func whole(_ json: JSONValue?, _ path: String, in range: ClosedRange<Int>, _ errors: inout [FieldError]) -> Int? {
        guard case .number(let number)? = json, number == number.rounded(), number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            errors.append(FieldError(path, text("nurture.whole", ["min": String(range.lowerBound), "max": String(range.upperBound)])))
            return nil
        }
        return Int(number)
    }
}
