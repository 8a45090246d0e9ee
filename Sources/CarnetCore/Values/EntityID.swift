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
        let millis = UInt64(max(0, Timestamp.millis(date)))
        var bytes = [UInt8](repeating: 0, count: prefix.utf8.count + 1 + 26)
        var index = 0
        for byte in prefix.utf8 { bytes[index] = byte; index += 1 }
        bytes[index] = UInt8(ascii: "_"); index += 1
        for shift in stride(from: 45, through: 0, by: -5) {
            bytes[index] = alphabet[Int((millis >> UInt64(shift)) & 31)]; index += 1
        }
        // 16 random characters of 5 bits from two draws: `next(upperBound:)` per character
        // cost a tenth of a bulk import's planning.
        var random = generator.next(), bits = 64
        while index < bytes.count {
            if bits < 5 { random = generator.next(); bits = 64 }
            bytes[index] = alphabet[Int(random & 31)]; index += 1
            random >>= 5; bits -= 5
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
