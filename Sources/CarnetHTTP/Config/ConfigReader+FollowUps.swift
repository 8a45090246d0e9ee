import CarnetCore
import CarnetFollowUps
import Foundation

extension ConfigReader {
    /// `[followups]`: time zone, stages that require a next action, rotting days per stage,
    /// the lead response time, when uncontacted leads are reassigned, and the daily digest's local time. Stage keys must be stages of the pipeline.
    func followUps(pipeline: Pipeline) throws(ConfigError) -> FollowUpsSettings {
        var settings = FollowUpsSettings()
        if let name = try string("followups.time_zone") {
            guard let zone = TimeZone(identifier: name) else { throw fail("followups.time_zone", "unknown time zone \(name) (use a name like Europe/Paris)") }
            settings.timeZone = zone
        }
        let keys = Set(pipeline.stages.map(\.key))
        if let stages = try strings("followups.next_action_stages") {
            for stage in stages where !keys.contains(stage) {
                throw fail("followups.next_action_stages", "no stage \(stage) in the pipeline (stages: \(pipeline.stages.map(\.key).joined(separator: ", ")))")
            }
            settings.nextAction = NextActionPolicy(stages: Set(stages))
        }
        if let value = value("followups.rotting_days") {
            guard let table = value.table else { throw fail("followups.rotting_days", "must be a table like { lead = 7, proposal = 10 }") }
            var days: [String: Int] = [:]
            for (stage, limit) in table {
                guard keys.contains(stage) else { throw fail("followups.rotting_days.\(stage)", "no such stage in the pipeline") }
                guard let number = limit.int, (1...3650).contains(number) else { throw fail("followups.rotting_days.\(stage)", "must be a whole number of days from 1 to 3650") }
                days[stage] = number
            }
            settings.rotting = RottingRule(days: days)
        }
        if let hours = try int("followups.lead_response_hours", in: 1...720) { settings.leadResponseTime = TimeInterval(hours) * 3600 }
        if let days = try int("followups.lead_window_days", in: 1...365) { settings.leadWindow = TimeInterval(days) * 86_400 }
        if let days = try int("followups.lead_reassign_days", in: 0...365) { settings.leadReassignAfter = days == 0 ? nil : TimeInterval(days) * 86_400 }
        if let text = try string("followups.digest_time") {
            if text == "off" {
                settings.digestTime = nil
            } else {
                let parts = text.split(separator: ":")
                guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else {
                    throw fail("followups.digest_time", "must be a local time like \"07:30\", or \"off\" (got \(text))")
                }
                settings.digestTime = (hour, minute)
            }
        }
        return settings
    }
}
