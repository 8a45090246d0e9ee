import CarnetCore
import CarnetReports

extension ConfigReader {
    /// `[reports]`: the stages whose deals the forecast counts as committed (each an open stage
    /// of the pipeline) and the critical fields per kind of record (each a field the report knows).
    func reports(pipeline: Pipeline) throws(ConfigError) -> ReportsSettings {
        var settings = ReportsSettings()
        if let stages = try strings("reports.committed_stages") {
            let open = pipeline.stages.filter { $0.outcome == .open }.map(\.key)
            for stage in stages where !open.contains(stage) {
                throw fail("reports.committed_stages", "\(stage) is not an open stage of the pipeline (open stages: \(open.joined(separator: ", ")))")
            }
            if stages.isEmpty { throw fail("reports.committed_stages", "must name at least one open stage") }
            settings.committedStages = Set(stages)
        }
        for kind in RecordKind.allCases {
            let key = "reports.critical_\(kind.rawValue)_fields"
            guard let texts = try strings(key) else { continue }
            settings.criticalFields[kind] = try texts.enumerated().map { index, text throws(ConfigError) in
                do throws(CriticalRuleError) {
                    return try CriticalRule(text, kind: kind)
                } catch {
                    let field = error.field.isEmpty ? "an empty field" : error.field
                    throw fail("\(key)[\(index)]", "\(field) is not a \(kind.rawValue) field (known: \(error.known.joined(separator: ", ")); write alternatives as \"email|phone\")")
                }
            }
        }
        return settings
    }
}
