/// What one stage of the pipeline adds up to: how many deals, and their amounts and weighted
/// amounts (amount × probability) in minor units, per currency, never converted.
public struct StageTotal: Sendable, Equatable {
    public var deals = 0
    public var amounts: [String: Int64] = [:]
    public var weighted: [String: Int64] = [:]

    public init() {}

    /// Adds one currency's sums; `weightedPercent` is Σ amount × probability, still in percent.
    mutating func add(currency: String, deals: Int, amount: Int64, weightedPercent: Int64) {
        self.deals += deals
        amounts[currency, default: 0] += amount
        weighted[currency, default: 0] += weightedPercent / 100
    }
}
