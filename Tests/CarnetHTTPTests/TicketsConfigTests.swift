import CarnetCore
import CarnetHTTP
import CarnetTickets
import Foundation
import Testing

@Suite("Configuration of the tickets module")
struct TicketsConfigTests {
    @Test("[tickets] gives the business calendar, the SLA targets per priority and the limits")
    func settings() throws {
        let config = try ConfigFile.load("""
            [tickets]
            time_zone = "America/Montreal"
            business_days = ["mon", "tue", "wed", "thu", "fri", "sat"]
            business_hours = "22:00-06:00"
            holidays = ["2026-12-25"]
            first_response_hours = { urgent = 2, low = 0 }
            resolution_hours = { normal = 24 }
            breaching_soon_minutes = 30
            scan_minutes = 10
            inbound_max_bytes = 2048
            reply_to = "Support <support@example.com>"
            """)
        let tickets = config.tickets
        #expect(tickets.calendar.timeZone.identifier == "America/Montreal")
        #expect(tickets.calendar.days == [1, 2, 3, 4, 5, 6])
        #expect(tickets.calendar.opens == 22 * 60 && tickets.calendar.closes == 6 * 60)
        #expect(tickets.calendar.holidays == [LocalDate("2026-12-25")!])
        #expect(tickets.policy.firstResponse == [.urgent: 2 * 3600])
        #expect(tickets.policy.resolution == [.normal: 24 * 3600])
        #expect(tickets.breachingSoon == 1800 && tickets.scanEvery == 600 && tickets.inboundMaxBytes == 2048)
        #expect(tickets.replyTo?.address == "support@example.com")
    }

    @Test("the shipped file's [tickets] section is the defaults")
    func shipped() throws {
        let config = try ConfigFile.loadShipped()
        #expect(config.tickets.policy == SLAPolicy())
        #expect(config.tickets.calendar == BusinessCalendar())
        #expect(config.tickets.inboundMaxBytes == TicketsSettings().inboundMaxBytes)
    }

    @Test("bad [tickets] settings name the key and the reason", arguments: [
        ("time_zone = \"Europe/Parus\"", "tickets.time_zone", "unknown time zone"),
        ("business_days = [\"lundi\"]", "tickets.business_days", "unknown day lundi"),
        ("business_days = []", "tickets.business_days", "at least one day"),
        ("business_hours = \"9-18\"", "tickets.business_hours", "like \"09:00-18:00\""),
        ("business_hours = \"09:00-09:00\"", "tickets.business_hours", "like \"09:00-18:00\""),
        ("holidays = [\"25/12/2026\"]", "tickets.holidays", "not a date"),
        ("first_response_hours = { asap = 1 }", "tickets.first_response_hours.asap", "no such priority"),
        ("resolution_hours = { normal = -1 }", "tickets.resolution_hours.normal", "from 0 to 10000"),
        ("resolution_hours = 8", "tickets.resolution_hours", "must be a table"),
        ("breaching_soon_minutes = 0", "tickets.breaching_soon_minutes", "from 1 to 10080"),
        ("inbound_max_bytes = 10", "tickets.inbound_max_bytes", "from 1024"),
        ("reply_to = \"Support <nope>\"", "tickets.reply_to", "Invalid mail address"),
        ("sla = 1", "tickets.sla", "unknown key"),
    ])
    func bad(line: String, key: String, reason: String) throws {
        do {
            _ = try ConfigFile.load("[tickets]\n\(line)\n")
            Issue.record("accepted \(line)")
        } catch let error as ConfigError {
            #expect(error.key == key)
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }
}
