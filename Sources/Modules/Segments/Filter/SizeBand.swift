/// A company size class, after the European definition of SMEs: `micro`, `small`, `medium`, `large`.
///
/// Headcount bands read `companies.size` (fewer than 10, 50, 250 people, then more); revenue
/// bands read `companies.annual_revenue` in minor units (up to 2, 10, 50 million, then more,
/// taking two decimals whatever the currency, since companies of one CRM mostly share one).
public struct SizeBand: Sendable, Equatable {
    public let name: String
    /// Inclusive lower bound; nil for the first band.
    public let from: Int64?
    /// Exclusive upper bound; nil for the last band.
    public let below: Int64?

    public static let headcount = [
        SizeBand(name: "micro", from: nil, below: 10), SizeBand(name: "small", from: 10, below: 50),
        SizeBand(name: "medium", from: 50, below: 250), SizeBand(name: "large", from: 250, below: nil),
    ]

    public static let revenue = [
        SizeBand(name: "micro", from: nil, below: 200_000_001), SizeBand(name: "small", from: 200_000_001, below: 1_000_000_001),
        SizeBand(name: "medium", from: 1_000_000_001, below: 5_000_000_001), SizeBand(name: "large", from: 5_000_000_001, below: nil),
    ]
}
