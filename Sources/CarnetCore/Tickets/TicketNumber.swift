/// The human number of a ticket, `T-2026-00042`: the year it was opened and its rank in that year.
///
/// Numbers come from a counter row per year taken in the transaction that creates the
/// ticket, so they have no gap and no duplicate. The rank has at least five digits and
/// grows past 99999 rather than wrapping.
public struct TicketNumber: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let sequence: Int

    public init(year: Int, sequence: Int) {
        self.year = year
        self.sequence = sequence
    }

    public var description: String {
        let digits = String(sequence)
        return "T-\(year)-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// A number written as `T-2026-00042`; nil for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "T", parts[1].count == 4, parts[2].count >= 5, parts[2].count <= 9,
              parts[1].allSatisfy(\.isASCII), parts[2].allSatisfy(\.isASCII),
              let year = Int(parts[1]), let sequence = Int(parts[2]), sequence > 0 else { return nil }
        self.init(year: year, sequence: sequence)
    }

    /// The first `[T-YYYY-NNNNN]` tag in a subject (`Re: [T-2026-00042] Broken hinge`), if any.
    public static func tagged(in subject: String) -> TicketNumber? {
        var rest = Substring(subject)
        while let open = rest.firstIndex(of: "[") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "]") else { return nil }
            if let number = TicketNumber(after[..<close]) { return number }
            rest = after
        }
        return nil
    }
}
