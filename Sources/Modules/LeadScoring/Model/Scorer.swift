import CarnetCore
import Foundation

/// A model made ready to score many contacts: its words and values folded once.
///
/// Fit rules add their points when they match. An engagement rule adds, for each signal of
/// its kind, `points × 0.5^(age in days / half-life)`, caps the sum at `max_points`, and
/// rounds it to a whole number; a rule whose share rounds to 0 is left out. Recency rules
/// look at the youngest signal. The score is the sum of the contributions, clamped to 0...100,
/// so the explanation adds up to the score unless the clamp cut it.
public struct Scorer: Sendable {
    public let model: ScoringModel
    private let fit: [PreparedFit]

    /// A fit rule with its values folded; rules naming an unknown field never match.
    private struct PreparedFit: Sendable {
        var rule: FitRule
        var field: FitField?
        var words: [(folded: [UInt8], original: String)]
        var values: Set<String>
    }

    public init(_ model: ScoringModel) {
        self.model = model
        fit = model.fit.map { rule in
            let field = FitField(rawValue: rule.field)
            let values = rule.values ?? []
            return PreparedFit(rule: rule, field: field, words: values.map { (Array(Self.padded($0).utf8), $0) }, values: Set(values.map(SearchKey.fold)))
        }
    }

    /// The score of one contact.
    public func score(_ facts: LeadFacts) -> LeadScore {
        var contributions: [Contribution] = []
        if !fit.isEmpty { fitContributions(facts, into: &contributions) }
        for rule in model.engagement {
            guard let kind = SignalKind(rawValue: rule.signal) else { continue }
            var raw = 0.0, count = 0, latest = Int.max
            for signal in facts.signals where signal.kind == kind {
                raw += Double(signal.count * rule.points) * pow(0.5, Double(signal.ageDays) / rule.halfLifeDays)
                count += signal.count
                latest = min(latest, signal.ageDays)
            }
            guard count > 0 else { continue }
            if let cap = rule.maxPoints { raw = rule.points >= 0 ? min(raw, Double(cap)) : max(raw, -Double(cap)) }
            let points = Int(raw.rounded())
            guard points != 0 else { continue }
            contributions.append(Contribution(rule: rule.id, label: rule.label, points: points, reason: "scoring.reason.signals",
                                              values: ["count": String(count), "signal": kind.rawValue, "days": String(latest)]))
        }
        if let latest = facts.signals.map(\.ageDays).min() {
            for rule in model.recency where rule.matches(days: latest) {
                contributions.append(Contribution(rule: rule.id, label: rule.label, points: rule.points, reason: "scoring.reason.recency",
                                                  values: ["days": String(latest)]))
            }
        }
        let total = min(100, max(0, contributions.reduce(0) { $0 + $1.points }))
        return LeadScore(score: total, band: model.thresholds.band(of: total), contributions: contributions)
    }

    private func fitContributions(_ facts: LeadFacts, into contributions: inout [Contribution]) {
        let title = facts.title.map { Array(Self.padded($0).utf8) }
        let industry = facts.industry.map(SearchKey.fold), region = facts.region.map(SearchKey.fold), country = facts.country.map(SearchKey.fold)
        for prepared in fit {
            let rule = prepared.rule
            var shown: String?
            switch prepared.field {
            case .title:
                if let title, let word = prepared.words.first(where: { Self.contains(title, $0.folded) }) {
                    contributions.append(Contribution(rule: rule.id, label: rule.label, points: rule.points, reason: "scoring.reason.title",
                                                      values: ["value": facts.title ?? "", "word": word.original]))
                }
                continue
            case .industry: if let industry, prepared.values.contains(industry) { shown = facts.industry }
            case .region: if let region, prepared.values.contains(region) { shown = facts.region }
            case .country: if let country, prepared.values.contains(country) { shown = facts.country }
            case .companySize: if let size = facts.companySize, Self.within(size, rule) { shown = String(size) }
            case .annualRevenue: if let revenue = facts.annualRevenue, Self.within(revenue, rule) { shown = String(revenue) }
            case nil: continue
            }
            if let shown, let field = prepared.field {
                contributions.append(Contribution(rule: rule.id, label: rule.label, points: rule.points, reason: "scoring.reason.value",
                                                  values: ["field": field.rawValue, "value": shown]))
            }
        }
    }

    /// Whether `needle` occurs in `haystack`, byte for byte: `String.contains` goes through
    /// Foundation's locale-aware search, which took more time than the rest of the scoring.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        let first = needle[0]
        var start = 0
        while start <= haystack.count - needle.count {
            if haystack[start] == first {
                var index = 1
                while index < needle.count && haystack[start + index] == needle[index] { index += 1 }
                if index == needle.count { return true }
            }
            start += 1
        }
        return false
    }

    private static func within(_ value: Int64, _ rule: FitRule) -> Bool {
        value >= (rule.min ?? .min) && value <= (rule.max ?? .max)
    }

    /// Folded text with every run of non-alphanumerics turned into one space, and a space at
    /// each end, so that " head " is found in " head of sales " but not in " headquarters ".
    static func padded(_ text: String) -> String {
        var result = " "
        var space = true
        for scalar in SearchKey.fold(text).unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                result.unicodeScalars.append(scalar)
                space = false
            } else if !space {
                result += " "
                space = true
            }
        }
        if !space { result += " " }
        return result
    }
}

extension ScoringModel {
    /// The score of one contact under this model; prepare a `Scorer` to score many.
    public func score(_ facts: LeadFacts) -> LeadScore {
        Scorer(self).score(facts)
    }
}
