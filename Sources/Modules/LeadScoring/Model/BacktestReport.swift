import Foundation

/// How well scores taken at each deal's creation separated the deals later won from those lost.
///
/// `auc` is the chance that a won deal, picked at random, had a higher score than a lost one
/// (ties count half): 0.5 is no better than chance, 1 a perfect separation; nil without both
/// a won and a lost deal. Win rates are won / deals, nil for a band without deals.
public struct BacktestReport: Sendable, Equatable, Encodable {
    /// The deals of one band.
    public struct Band: Sendable, Equatable, Encodable {
        public var band: ScoreBand
        public var deals: Int
        public var won: Int
        public var winRate: Double?

        enum CodingKeys: String, CodingKey { case band, deals, won, winRate = "win_rate" }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(band, forKey: .band)
            try c.encode(deals, forKey: .deals)
            try c.encode(won, forKey: .won)
            try c.encode(winRate, forKey: .winRate)
        }
    }

    public var months: Int
    /// The earliest close counted.
    public var since: Date
    public var deals: Int
    public var won: Int
    public var bands: [Band]
    public var auc: Double?

    enum CodingKeys: String, CodingKey { case months, since, deals, won, bands, auc }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(months, forKey: .months)
        try c.encode(since, forKey: .since)
        try c.encode(deals, forKey: .deals)
        try c.encode(won, forKey: .won)
        try c.encode(bands, forKey: .bands)
        try c.encode(auc, forKey: .auc)
    }

    /// The report of `outcomes`: each deal's score then and whether it was won.
    public init(months: Int, since: Date, outcomes: [(score: LeadScore, won: Bool)]) {
        self.months = months
        self.since = since
        deals = outcomes.count
        won = outcomes.filter { $0.won }.count
        bands = ScoreBand.allCases.map { band in
            let inBand = outcomes.filter { $0.score.band == band }
            let won = inBand.filter { $0.won }.count
            return Band(band: band, deals: inBand.count, won: won, winRate: inBand.isEmpty ? nil : Self.rate(won, inBand.count))
        }
        auc = Self.auc(won: outcomes.filter { $0.won }.map { $0.score.score }, lost: outcomes.filter { !$0.won }.map { $0.score.score })
    }

    /// A rate rounded to three decimals.
    static func rate(_ part: Int, _ whole: Int) -> Double {
        (Double(part) / Double(whole) * 1000).rounded() / 1000
    }

    /// The Mann-Whitney form of the area under the ROC curve, rounded to three decimals:
    /// scores take 0...100, so it counts by score instead of comparing every pair.
    static func auc(won: [Int], lost: [Int]) -> Double? {
        guard !won.isEmpty, !lost.isEmpty else { return nil }
        var lostAt = [Int](repeating: 0, count: 101)
        for score in lost { lostAt[min(100, max(0, score))] += 1 }
        var below = [Int](repeating: 0, count: 102)
        for score in 0...100 { below[score + 1] = below[score] + lostAt[score] }
        var favourable = 0.0
        for score in won {
            let s = min(100, max(0, score))
            favourable += Double(below[s]) + Double(lostAt[s]) / 2
        }
        return (favourable / Double(won.count * lost.count) * 1000).rounded() / 1000
    }
}
