import CarnetCore
import CarnetReports

extension ConfigReader {
    /// `[reports]`: the stages whose deals the forecast counts as committed; each must be an open stage of the pipeline.
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
        return settings
    }
}
