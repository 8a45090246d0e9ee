import CarnetCore
import CarnetTickets
import Foundation

extension ConfigReader {
    /// `[tickets]`: the business calendar (time zone, days, hours, holidays), the SLA targets
    /// per priority in working hours, the breaching-soon window, how often the SLA scan runs,
    /// the largest inbound message, the reply-to address of replies and whether resolving a
    /// ticket sends the satisfaction survey.
    func tickets() throws(ConfigError) -> TicketsSettings {
        var settings = TicketsSettings()
        if let name = try string("tickets.time_zone") {
            guard let zone = TimeZone(identifier: name) else { throw fail("tickets.time_zone", "unknown time zone \(name) (use a name like Europe/Paris)") }
            settings.calendar.timeZone = zone
        }
        if let names = try strings("tickets.business_days") {
            let week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            var days = Set<Int>()
            for name in names {
                guard let index = week.firstIndex(of: name.lowercased()) else {
                    throw fail("tickets.business_days", "unknown day \(name) (use \(week.joined(separator: ", ")))")
                }
                days.insert(index + 1)
            }
            guard !days.isEmpty else { throw fail("tickets.business_days", "must name at least one day") }
            settings.calendar.days = days
        }
        if let text = try string("tickets.business_hours") {
            let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let opens = Self.minutes(parts[0]), let closes = Self.minutes(parts[1]), opens != closes else {
                throw fail("tickets.business_hours", "must be local opening and closing times like \"09:00-18:00\" (\"22:00-06:00\" ends the next morning); got \(text)")
            }
            settings.calendar.opens = opens
            settings.calendar.closes = closes
        }
        if let dates = try strings("tickets.holidays") {
            var holidays = Set<LocalDate>()
            for text in dates {
                guard let date = LocalDate(text) else { throw fail("tickets.holidays", "\(text) is not a date like 2026-12-25") }
                holidays.insert(date)
            }
            settings.calendar.holidays = holidays
        }
        settings.policy.firstResponse = try targets("tickets.first_response_hours") ?? settings.policy.firstResponse
        settings.policy.resolution = try targets("tickets.resolution_hours") ?? settings.policy.resolution
        if let minutes = try int("tickets.breaching_soon_minutes", in: 1...10_080) { settings.breachingSoon = TimeInterval(minutes) * 60 }
        if let minutes = try int("tickets.scan_minutes", in: 1...1440) { settings.scanEvery = TimeInterval(minutes) * 60 }
        settings.inboundMaxBytes = try int("tickets.inbound_max_bytes", in: 1024...(64 << 20)) ?? settings.inboundMaxBytes
        if let text = try string("tickets.reply_to") { settings.replyTo = try address(text, key: "tickets.reply_to") }
        settings.satisfactionSurvey = try bool("tickets.satisfaction_survey") ?? settings.satisfactionSurvey
        return settings
    }

    /// `{ urgent = 1, high = 4, normal = 8, low = 16 }`: working hours per priority; 0 or absent sets no target.
    private func targets(_ key: String) throws(ConfigError) -> [TicketPriority: TimeInterval]? {
        guard let value = value(key) else { return nil }
        guard let table = value.table else { throw fail(key, "must be a table like { urgent = 1, high = 4, normal = 8, low = 16 }") }
        var targets: [TicketPriority: TimeInterval] = [:]
        for (name, hours) in table {
            guard let priority = TicketPriority(rawValue: name) else { throw fail("\(key).\(name)", "no such priority (use low, normal, high, urgent)") }
            guard let number = hours.int, (0...10_000).contains(number) else { throw fail("\(key).\(name)", "must be a whole number of working hours from 0 to 10000") }
            if number > 0 { targets[priority] = TimeInterval(number) * 3600 }
        }
        return targets
    }

    /// `09:30` as minutes after midnight; nil when it is not a time of day.
    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }
}
