import CarnetCore

/// The forecast: open deals by month of expected close, by owner and by region, per currency,
/// weighted by their probability and by the win rates observed in the last 12 months.
public struct Forecast: Sendable, Encodable {
    public var from: String
    public var to: String
    /// The open stages whose deals count as committed.
    public var committedStages: [String]
    public var byMonth: [ForecastLine]
    public var byOwner: [ForecastLine]
    public var byRegion: [ForecastLine]
    /// One line per currency over the whole period.
    public var totals: [ForecastLine]
    /// The observed win rate of each open stage over the 12 months before now.
    public var winRates: [StageWinRate]
    /// Open deals the forecast cannot place: no expected close, or no amount.
    public var unscheduled: UnscheduledDeals
    /// For each month of the period that is over: what each method forecast at its start, and what was won.
    public var accuracy: [AccuracyLine]

    enum CodingKeys: String, CodingKey {
        case from, to, committedStages = "committed_stages", byMonth = "by_month", byOwner = "by_owner", byRegion = "by_region"
        case totals, winRates = "win_rates", unscheduled, accuracy
    }

    /// One CSV table: a `group` column (`month`, `owner`, `region`, `total`, `unscheduled`,
    /// `accuracy`) and the union of the groups' columns, empty where a group has none.
    var table: ReportTable {
        var table = ReportTable(header: ["group", "key", "currency", "deals", "amount", "weighted", "committed_deals", "committed_amount",
                                         "committed_weighted", "history_weighted", "won_deals", "won", "title", "stage", "missing"])
        for (group, lines) in [("month", byMonth), ("owner", byOwner), ("region", byRegion), ("total", totals)] {
            for line in lines {
                table.rows.append([group, CSVCell.text(line.key), line.currency, String(line.deals), String(line.amount), String(line.weighted),
                                   String(line.committedDeals), String(line.committedAmount), String(line.committedWeighted),
                                   String(line.historyWeighted), "", "", "", "", ""])
            }
        }
        for deal in unscheduled.items {
            table.rows.append(["unscheduled", deal.id, deal.currency, "1", CSVCell.int(deal.amount), "", "", "", "", "", "", "",
                               deal.title, deal.stage, deal.missing.joined(separator: " ")])
        }
        for line in accuracy {
            table.rows.append(["accuracy", line.month, line.currency, String(line.forecastDeals), "", String(line.weightedForecast), "", "", "",
                               String(line.historyForecast), String(line.wonDeals), String(line.won), "", "", ""])
        }
        return table
    }
}

/// Open deals of one group (a month, an owner, a region, or all) in one currency.
public struct ForecastLine: Sendable, Encodable, Equatable {
    /// The JSON name of `key`: `month`, `owner_id`, `region`; nil for totals.
    var keyName: String?
    /// The month `YYYY-MM`, the owner's id or the region; nil for deals without an owner or region.
    public var key: String?
    public var currency: String
    public var deals = 0
    /// Σ amount, in minor units.
    public var amount: Int64 = 0
    /// Best case: Σ amount × probability (the deal's override, else its stage's), rounded once.
    public var weighted: Int64 = 0
    public var committedDeals = 0
    public var committedAmount: Int64 = 0
    /// Σ amount × probability over the committed stages.
    public var committedWeighted: Int64 = 0
    /// Σ amount × the observed win rate of the deal's stage (its probability where no deal from the stage closed).
    public var historyWeighted: Int64 = 0
    /// Σ amount × probability in percent, before rounding.
    var weightedPercent: Int64 = 0
    var committedPercent: Int64 = 0

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        if let keyName { try c.encode(key, forKey: DynamicKey(keyName)) }
        try c.encode(currency, forKey: DynamicKey("currency"))
        try c.encode(deals, forKey: DynamicKey("deals"))
        try c.encode(amount, forKey: DynamicKey("amount"))
        try c.encode(weighted, forKey: DynamicKey("weighted"))
        try c.encode(committedDeals, forKey: DynamicKey("committed_deals"))
        try c.encode(committedAmount, forKey: DynamicKey("committed_amount"))
        try c.encode(committedWeighted, forKey: DynamicKey("committed_weighted"))
        try c.encode(historyWeighted, forKey: DynamicKey("history_weighted"))
    }
}

/// Of the deals that entered a stage in the window and have closed since, how many were won.
public struct StageWinRate: Sendable, Encodable, Equatable {
    public var stage: String
    public var closed: Int
    public var won: Int
    /// won / closed; nil when none closed (the forecast then uses the stage's probability).
    public var rate: Double?
    /// The stage's configured probability, in percent.
    public var probability: Int

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.encode(stage, forKey: DynamicKey("stage"))
        try c.encode(closed, forKey: DynamicKey("closed"))
        try c.encode(won, forKey: DynamicKey("won"))
        try c.encode(rate, forKey: DynamicKey("rate"))
        try c.encode(probability, forKey: DynamicKey("probability"))
    }
}

/// Open deals left out of the sums, counted and listed (the first 200 by id).
public struct UnscheduledDeals: Sendable, Encodable {
    public var count: Int
    public var items: [UnscheduledDeal]
}

/// An open deal without an expected close, or without an amount.
public struct UnscheduledDeal: Sendable, Encodable, Equatable {
    public var id: String
    public var title: String
    public var stage: String
    public var ownerID: String?
    public var amount: Int64?
    public var currency: String
    public var expectedClose: String?
    /// `amount` and/or `expected_close`.
    public var missing: [String]

    enum CodingKeys: String, CodingKey {
        case id, title, stage, ownerID = "owner_id", amount, currency, expectedClose = "expected_close", missing
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(stage, forKey: .stage)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(amount, forKey: .amount)
        try c.encode(currency, forKey: .currency)
        try c.encode(expectedClose, forKey: .expectedClose)
        try c.encode(missing, forKey: .missing)
    }
}

/// One past month in one currency: both forecasts made at its start, and what was won in it.
public struct AccuracyLine: Sendable, Encodable, Equatable {
    public var month: String
    public var currency: String
    /// Deals open at the month's start and expected to close in it.
    public var forecastDeals = 0
    public var weightedForecast: Int64 = 0
    public var historyForecast: Int64 = 0
    /// Deals won during the month, whatever their expected close.
    public var wonDeals = 0
    public var won: Int64 = 0
    var weightedPercent: Int64 = 0

    enum CodingKeys: String, CodingKey {
        case month, currency, forecastDeals = "forecast_deals", weightedForecast = "weighted_forecast"
        case historyForecast = "history_forecast", wonDeals = "won_deals", won
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(month, forKey: .month)
        try c.encode(currency, forKey: .currency)
        try c.encode(forecastDeals, forKey: .forecastDeals)
        try c.encode(weightedForecast, forKey: .weightedForecast)
        try c.encode(historyForecast, forKey: .historyForecast)
        try c.encode(wonDeals, forKey: .wonDeals)
        try c.encode(won, forKey: .won)
    }
}
