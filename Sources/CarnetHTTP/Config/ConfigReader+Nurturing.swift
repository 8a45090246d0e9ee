import CarnetNurturing
import Foundation

extension ConfigReader {
    /// `[nurturing]`: how often and how many contacts entering a segment are enrolled, and
    /// the time zone of `wait until` steps.
    func nurturing() throws(ConfigError) -> NurturingSettings {
        var settings = NurturingSettings()
        settings.segmentScanMinutes = try int("nurturing.segment_scan_minutes", in: 1...1_440) ?? settings.segmentScanMinutes
        settings.segmentScanBatch = try int("nurturing.segment_scan_batch", in: 1...100_000) ?? settings.segmentScanBatch
        if let name = try string("nurturing.time_zone") {
            guard let zone = TimeZone(identifier: name) else { throw fail("nurturing.time_zone", "unknown time zone \(name) (use a name like Europe/Paris)") }
            settings.timeZone = zone
        }
        return settings
    }
}
