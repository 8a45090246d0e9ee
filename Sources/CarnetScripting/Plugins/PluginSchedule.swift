import Foundation

/// When a plugin job runs, as written in a `[[jobs]]` entry's `schedule`:
/// - `every 15m`, `every 1h`, `every 1d`: a whole number of minutes, hours or days (at
///   least one minute), at the multiples of that period since 1970-01-01 00:00 UTC (every
///   15 minutes runs at :00, :15, :30 and :45);
/// - `daily HH:MM`: once a day at that time, 24-hour clock, in UTC.
public enum PluginSchedule: Sendable, Hashable, CustomStringConvertible {
    case every(minutes: Int)
    case daily(hour: Int, minute: Int)

    /// Parses the manifest form; nil when it is not one of the forms above.
    public init?(_ text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "every":
            let amount = parts[1].dropLast()
            guard let unit = parts[1].last, amount.allSatisfy(\.isASCII), let count = Int(amount), count > 0, count <= 100_000
            else { return nil }
            switch unit {
            case "m": self = .every(minutes: count)
            case "h": self = .every(minutes: count * 60)
            case "d": self = .every(minutes: count * 1440)
            default: return nil
            }
        case "daily":
            let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
            guard clock.count == 2, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
                  let hour = Int(clock[0]), let minute = Int(clock[1]), (0..<24).contains(hour), (0..<60).contains(minute)
            else { return nil }
            self = .daily(hour: hour, minute: minute)
        default:
            return nil
        }
    }

    /// The manifest form, in the largest whole unit: `every 90m`, `every 2h`, `daily 07:30`.
    public var description: String {
        switch self {
        case .every(let minutes):
            if minutes % 1440 == 0 { return "every \(minutes / 1440)d" }
            if minutes % 60 == 0 { return "every \(minutes / 60)h" }
            return "every \(minutes)m"
        case .daily(let hour, let minute):
            let pad = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
            return "daily \(pad(hour)):\(pad(minute))"
        }
    }

    /// The first time the job is due strictly after `date`.
    public func next(after date: Date) -> Date {
        let now = date.timeIntervalSince1970
        switch self {
        case .every(let minutes):
            let period = Double(minutes * 60)
            return Date(timeIntervalSince1970: ((now / period).rounded(.down) + 1) * period)
        case .daily(let hour, let minute):
            let day = (now / 86_400).rounded(.down) * 86_400
            let today = day + Double(hour * 3600 + minute * 60)
            return Date(timeIntervalSince1970: today > now ? today : today + 86_400)
        }
    }
}
