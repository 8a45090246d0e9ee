import Foundation

/// A user's open follow-ups as an iCalendar feed (RFC 5545) that Google Calendar, Outlook
/// and Apple Calendar subscribe to.
///
/// Each open task is a 30-minute event at its due time (a snoozed one at the end of its
/// snooze), its UID the task's id, so a calendar updates the event instead of adding a new
/// one when the task moves. Events rather than to-dos: the common calendars do not show
/// `VTODO`. Times are UTC (`...Z`), so no time zone block is needed. Text is escaped and
/// lines folded at 75 octets, CRLF-terminated, as the RFC requires.
public enum TaskCalendar {
    /// The most events a feed carries: the nearest first.
    public static let limit = 1_000

    /// The feed of `tasks` (open ones; the order does not matter), made at `now`.
    public static func render(_ tasks: [FollowUpTask], name: String, now: Date, link: String, domain: String) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Carnet//Follow-ups//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name), "REFRESH-INTERVAL;VALUE=DURATION:PT15M", "X-PUBLISHED-TTL:PT15M",
        ]
        let open = tasks.filter { $0.status == .open }.sorted { ($0.dueAt, $0.id) < ($1.dueAt, $1.id) }.prefix(limit)
        for task in open {
            let start = max(task.dueAt, task.snoozedUntil ?? task.dueAt)
            var description = "\(link)/tasks/\(task.id)"
            if task.priority != .normal { description = "\(task.priority.rawValue)\n" + description }
            lines += [
                "BEGIN:VEVENT",
                "UID:\(task.id)@\(domain)",
                "DTSTAMP:" + stamp(now),
                "LAST-MODIFIED:" + stamp(task.updatedAt),
                "DTSTART:" + stamp(start),
                "DTEND:" + stamp(start.addingTimeInterval(30 * 60)),
                "SUMMARY:" + escape(task.title),
                "DESCRIPTION:" + escape(description),
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `20260302T090000Z`.
    static func stamp(_ date: Date) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC") ?? .gmt, from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 1970)\(two(parts.month))\(two(parts.day))T\(two(parts.hour))\(two(parts.minute))\(two(parts.second))Z"
    }

    /// A TEXT value: backslash, semicolon and comma escaped, line breaks as `\n`.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n": result += "\\n"
            case "\r": continue
            default: result.append(character)
            }
        }
        return result
    }

    /// Splits a line into pieces of at most 75 octets, never inside a character; each
    /// continuation starts with a space.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var pieces: [String] = []
        var current = ""
        var size = 0
        for character in line {
            let width = character.utf8.count
            // The first piece holds 75 octets; the others 74 after their leading space.
            if size + width > (pieces.isEmpty ? 75 : 74) {
                pieces.append(current)
                current = ""
                size = 0
            }
            current.append(character)
            size += width
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }
}
