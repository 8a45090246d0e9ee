import Foundation

/// Opaque, time-ordered string identifiers: a type prefix then 26 Crockford base-32 characters.
///
/// The first ten characters encode the creation time in milliseconds, so ordering
/// ids orders rows by creation — keyset paging by id is paging by age.
public enum EntityID {
    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    /// A new id such as `con_01jd3k...`, made at the clock's time.
    public static func make(_ prefix: String, at date: Date) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(prefix, at: date, using: &generator)
    }

    /// A new id drawn from the given generator (seeded generators give reproducible ids).
    public static func make<G: RandomNumberGenerator>(_ prefix: String, at date: Date, using generator: inout G) -> String {
        make(prefix, at: date, random: generator.next(), UInt16(truncatingIfNeeded: generator.next()))
    }

    /// The id whose 16 random characters spell the 80 bits `high` then `low`, five at a time:
    /// ids made at one time sort as their random numbers do, so a caller that needs many ids
    /// in order can sort the numbers, which is quicker than sorting the texts.
    public static func make(_ prefix: String, at date: Date, random high: UInt64, _ low: UInt16) -> String {
        let millis = UInt64(max(0, Timestamp.millis(date)))
        var bytes = [UInt8](repeating: 0, count: prefix.utf8.count + 1 + 26)
        var index = 0
        for byte in prefix.utf8 { bytes[index] = byte; index += 1 }
        bytes[index] = UInt8(ascii: "_"); index += 1
        for shift in stride(from: 45, through: 0, by: -5) {
            bytes[index] = alphabet[Int((millis >> UInt64(shift)) & 31)]; index += 1
        }
        // The 80 bits, five at a time from the top.
        for shift in stride(from: 75, through: 0, by: -5) {
            let bits = shift >= 16 ? high >> (shift - 16) : high << (16 - shift) | UInt64(low) >> shift
            bytes[index] = alphabet[Int(bits & 31)]; index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a string has the shape of an id with this prefix (it may still not exist).
    public static func isWellFormed(_ id: String, prefix: String) -> Bool {
        guard id.hasPrefix(prefix + "_") else { return false }
        let body = id.utf8.dropFirst(prefix.utf8.count + 1)
        return body.count == 26 && body.allSatisfy { alphabet.contains($0) }
    }
}

/// The id prefixes of the core entities.
public enum IDPrefix {
    public static let contact = "con"
    public static let company = "com"
    public static let deal = "deal"
    public static let activity = "act"
    public static let user = "usr"
    public static let token = "tok"
    public static let event = "evt"
}
