import CarnetCore
import Foundation

/// Reads a segment filter from JSON, strictly: every problem is reported, each under the path
/// of what is wrong (`filter.all[2].field`), in the caller's language, as one 422.
public struct FilterParser: Sendable {
    /// The keys of the pipeline's open stages: the values `open_deal_stage` takes.
    public var openStages: [String]
    /// Whether the leadscoring module is enabled: `score` and `band` need it.
    public var scoringEnabled: Bool
    public var language: Language

    public init(openStages: [String], scoringEnabled: Bool, language: Language = .en) {
        self.openStages = openStages
        self.scoringEnabled = scoringEnabled
        self.language = language
    }

    /// The filter `json` describes; `path` names it in problems.
    public func parse(_ json: JSONValue, path: String = "filter") throws(CarnetError) -> SegmentFilter {
        var state = State()
        let root = group(json, path: path, depth: 1, &state)
        if state.conditions > SegmentFilter.maxConditions {
            state.errors.append(FieldError(path, text("segment.too_many", ["max": String(SegmentFilter.maxConditions), "count": String(state.conditions)])))
        }
        guard state.errors.isEmpty, let root else { throw .validation(state.errors) }
        return SegmentFilter(root: root, json: json)
    }

    struct State {
        var errors: [FieldError] = []
        var conditions = 0
    }

    private func text(_ key: String, _ values: [String: String] = [:]) -> String {
        L10n.text(key, language, values)
    }

    private func group(_ json: JSONValue, path: String, depth: Int, _ state: inout State) -> SegmentFilter.Group? {
        guard case .object(let members) = json, members.count == 1, let member = members.first,
              let combinator = SegmentFilter.Combinator(rawValue: member.key), case .array(let items) = member.value else {
            state.errors.append(FieldError(path, text("segment.group")))
            return nil
        }
        guard depth <= SegmentFilter.maxDepth else {
            state.errors.append(FieldError(path, text("segment.too_deep", ["max": String(SegmentFilter.maxDepth)])))
            return nil
        }
        var nodes: [SegmentFilter.Node] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path).\(member.key)[\(index)]"
            guard case .object(let fields) = item else {
                state.errors.append(FieldError(itemPath, text("segment.node")))
                continue
            }
            if fields["all"] != nil || fields["any"] != nil {
                if let inner = group(item, path: itemPath, depth: depth + 1, &state) { nodes.append(.group(inner)) }
            } else if let condition = condition(fields, path: itemPath, &state) {
                nodes.append(.condition(condition))
            }
        }
        return SegmentFilter.Group(combinator: combinator, nodes: nodes)
    }

    private func condition(_ fields: [String: JSONValue], path: String, _ state: inout State) -> SegmentFilter.Condition? {
        state.conditions += 1
        let before = state.errors.count
        for key in fields.keys.sorted() where !["field", "op", "value"].contains(key) {
            state.errors.append(FieldError("\(path).\(key)", text("segment.unknown_key")))
        }
        guard case .string(let name)? = fields["field"] else {
            state.errors.append(FieldError("\(path).field", text("segment.field_required", ["known": FilterField.names.joined(separator: ", ")])))
            return nil
        }
        guard let field = FilterField.named(name) else {
            let key = name.hasPrefix("custom.") ? "segment.custom_key" : "segment.unknown_field"
            state.errors.append(FieldError("\(path).field", text(key, ["name": name, "known": FilterField.names.joined(separator: ", ")])))
            return nil
        }
        if field.needsScores && !scoringEnabled {
            state.errors.append(FieldError("\(path).field", text("segment.needs_module", ["name": name, "module": "leadscoring"])))
        }
        let known = field.operators.map(\.rawValue).joined(separator: ", ")
        guard case .string(let opName)? = fields["op"], let op = FilterOperator(rawValue: opName), field.operators.contains(op) else {
            var opText = ""
            if case .string(let name)? = fields["op"] { opText = name }
            state.errors.append(FieldError("\(path).op", text("segment.unknown_op", ["op": opText, "field": name, "known": known])))
            return nil
        }
        let value = self.value(fields["value"] ?? .null, field: field, op: op, path: "\(path).value", &state)
        guard state.errors.count == before, let value else { return nil }
        return SegmentFilter.Condition(field: field, op: op, value: value)
    }

    /// The choices a field's `eq`, `ne` and `in` take, or nil when any text goes.
    private func choices(_ field: FilterField) -> [String]? {
        switch field.kind {
        case .companyBand(_, let bands): bands.map(\.name)
        case .band: ["cold", "warm", "hot"]
        case .openDealStage: openStages
        default: nil
        }
    }

    private func value(_ json: JSONValue, field: FilterField, op: FilterOperator, path: String, _ state: inout State) -> FilterValue? {
        func fail(_ key: String, _ values: [String: String] = [:]) -> FilterValue? {
            state.errors.append(FieldError(path, text(key, values)))
            return nil
        }
        func word(_ json: JSONValue) -> String? {
            guard case .string(let text) = json, !text.isEmpty, text.count <= SegmentFilter.maxTextLength else { return nil }
            return text
        }
        let choices = choices(field)
        func choice(_ value: String) -> Bool { choices?.contains(value) ?? true }
        let textRule = ["max": String(SegmentFilter.maxTextLength)]
        switch op {
        case .isEmpty:
            guard case .bool(let flag) = json else { return fail("segment.value_flag") }
            return .flag(flag)
        case .in:
            guard case .array(let items) = json, (1...SegmentFilter.maxListValues).contains(items.count) else {
                return fail("segment.value_list", ["max": String(SegmentFilter.maxListValues)])
            }
            var texts: [String] = []
            for (index, item) in items.enumerated() {
                guard let text = word(item) else {
                    state.errors.append(FieldError("\(path)[\(index)]", self.text("segment.value_text", textRule)))
                    continue
                }
                guard choice(text) else {
                    state.errors.append(FieldError("\(path)[\(index)]", self.text("segment.value_choice", ["value": text, "known": choices?.joined(separator: ", ") ?? ""])))
                    continue
                }
                texts.append(text)
            }
            return texts.count == items.count ? .texts(texts) : nil
        case .gt, .gte, .lt, .lte:
            guard case .number(let number) = json, number.isFinite else { return fail("segment.value_number") }
            return .number(number)
        case .before, .after:
            guard case .string(let text) = json, let instant = Self.instant(text) else { return fail("segment.value_date") }
            return .instant(instant)
        case .withinDays:
            guard case .number(let number) = json, number == number.rounded(), (1...36_500).contains(number) else {
                return fail("segment.value_days", ["max": "36500"])
            }
            return .days(Int(number))
        case .eq, .ne, .contains, .startsWith, .has, .hasNot:
            switch field.kind {
            case .contactFlag:
                guard case .bool(let flag) = json else { return fail("segment.value_flag") }
                return .flag(flag)
            case .score:
                guard case .number(let number) = json, number.isFinite else { return fail("segment.value_number") }
                return .number(number)
            case .custom:
                if case .number(let number) = json, number.isFinite, op != .contains { return .number(number) }
                guard let text = word(json) else { return fail("segment.value_text", textRule) }
                return .text(text)
            default:
                guard let text = word(json) else { return fail("segment.value_text", textRule) }
                guard choice(text) else { return fail("segment.value_choice", ["value": text, "known": choices?.joined(separator: ", ") ?? ""]) }
                return .text(field.kind == .tags ? text.lowercased() : text)
            }
        }
    }

    /// `2026-03-02` (midnight UTC) or an ISO 8601 timestamp.
    static func instant(_ text: String) -> Date? {
        Timestamp.parse(text)
    }
}
