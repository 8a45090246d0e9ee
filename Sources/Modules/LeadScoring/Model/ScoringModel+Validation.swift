import CarnetCore
import Foundation

extension ScoringModel {
    /// The most rules of each kind a model holds.
    static let maxRules = 100

    /// Throws a 422 listing every problem, each naming its place in the document (`fit[2].field`).
    public func validate(language: Language = .en) throws(CarnetError) {
        var errors: [FieldError] = []
        func fail(_ field: String, _ key: String, _ values: [String: String] = [:]) {
            errors.append(FieldError(field, L10n.text(key, language, values)))
        }
        if !(1...99).contains(thresholds.warm) { fail("thresholds.warm", "scoring.threshold_range") }
        if !(1...100).contains(thresholds.hot) { fail("thresholds.hot", "scoring.threshold_range") }
        if thresholds.hot <= thresholds.warm { fail("thresholds.hot", "scoring.thresholds_ascending", ["warm": String(thresholds.warm)]) }
        var ids = Set<String>()
        func common(_ path: String, id: String, label: String, points: Int) {
            if id.isEmpty || id.count > 64 || !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) {
                fail("\(path).id", "scoring.rule_id")
            } else if !ids.insert(id).inserted {
                fail("\(path).id", "scoring.rule_id_twice", ["id": id])
            }
            if label.trimmingCharacters(in: .whitespaces).isEmpty || label.count > 200 { fail("\(path).label", "scoring.label") }
            if !(-100...100).contains(points) { fail("\(path).points", "scoring.points_range") }
        }
        for (name, count) in [("fit", fit.count), ("engagement", engagement.count), ("recency", recency.count)] where count > Self.maxRules {
            fail(name, "scoring.too_many_rules", ["max": String(Self.maxRules)])
        }
        for (index, rule) in fit.enumerated() {
            let path = "fit[\(index)]"
            common(path, id: rule.id, label: rule.label, points: rule.points)
            guard let field = FitField(rawValue: rule.field) else {
                fail("\(path).field", "scoring.unknown_field", ["name": rule.field, "known": FitField.allCases.map(\.rawValue).joined(separator: ", ")])
                continue
            }
            if field.isRange {
                if rule.values != nil { fail("\(path).values", "scoring.range_not_values") }
                if rule.min == nil && rule.max == nil { fail("\(path).min", "scoring.range_needed") }
                if let min = rule.min, min < 0 { fail("\(path).min", "scoring.not_negative") }
                if let max = rule.max, max < 0 { fail("\(path).max", "scoring.not_negative") }
                if let min = rule.min, let max = rule.max, max >= 0, max < min { fail("\(path).max", "scoring.range_order") }
            } else {
                if rule.min != nil || rule.max != nil { fail("\(path).min", "scoring.values_not_range") }
                let values = rule.values ?? []
                if values.isEmpty || values.count > 200 || values.contains(where: { SearchKey.fold($0).isEmpty || $0.count > 100 }) {
                    fail("\(path).values", "scoring.values_needed")
                }
            }
        }
        for (index, rule) in engagement.enumerated() {
            let path = "engagement[\(index)]"
            common(path, id: rule.id, label: rule.label, points: rule.points)
            if SignalKind(rawValue: rule.signal) == nil {
                fail("\(path).signal", "scoring.unknown_signal", ["name": rule.signal, "known": SignalKind.allCases.map(\.rawValue).joined(separator: ", ")])
            }
            if !(rule.halfLifeDays >= 0.5 && rule.halfLifeDays <= 3650) { fail("\(path).half_life_days", "scoring.half_life_range") }
            if let cap = rule.maxPoints, !(1...100).contains(cap) { fail("\(path).max_points", "scoring.max_points_range") }
        }
        for (index, rule) in recency.enumerated() {
            let path = "recency[\(index)]"
            common(path, id: rule.id, label: rule.label, points: rule.points)
            if let min = rule.minDays, !(0...36_500).contains(min) { fail("\(path).min_days", "scoring.days_range") }
            if let max = rule.maxDays, !(1...36_500).contains(max) {
                fail("\(path).max_days", "scoring.days_range")
            } else if let max = rule.maxDays, max <= rule.minDays ?? 0 {
                fail("\(path).max_days", "scoring.days_order")
            }
        }
        if !errors.isEmpty { throw .validation(errors) }
    }
}
