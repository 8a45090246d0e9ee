/// Why and where deals were lost, and how the won ones went, for deals closed during a period.
public struct Losses: Sendable, Encodable {
    public var from: String
    public var to: String
    public var won: Int
    public var lost: Int
    /// won / (won + lost); nil when none closed.
    public var winRate: Double?
    /// Lost deals by the stage they were lost from, their owner and the reason given.
    public var reasons: [LossReason]
    public var owners: [OwnerOutcome]
    /// Won deals per currency: count, total and average amount (minor units, rounded).
    public var wonSize: [WonSize]
    /// The median days from creation to closing of the won deals.
    public var medianSalesCycleDays: Double?

    enum CodingKeys: String, CodingKey {
        case from, to, won, lost, winRate = "win_rate", reasons, owners, wonSize = "won_size", medianSalesCycleDays = "median_sales_cycle_days"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(won, forKey: .won)
        try c.encode(lost, forKey: .lost)
        try c.encode(winRate, forKey: .winRate)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(owners, forKey: .owners)
        try c.encode(wonSize, forKey: .wonSize)
        try c.encode(medianSalesCycleDays, forKey: .medianSalesCycleDays)
    }

    /// One CSV table: a `group` column (`reason`, `owner`, `won_size`, `total`) and the union of their columns.
    var table: ReportTable {
        var table = ReportTable(header: ["group", "stage", "owner_id", "reason", "currency", "deals", "won", "lost", "win_rate",
                                         "amount", "average_amount", "median_sales_cycle_days"])
        for reason in reasons {
            table.rows.append(["reason", CSVCell.text(reason.stage), CSVCell.text(reason.ownerID), CSVCell.text(reason.reason), "",
                               String(reason.deals), "", "", "", "", "", ""])
        }
        for owner in owners {
            table.rows.append(["owner", "", CSVCell.text(owner.ownerID), "", "", String(owner.won + owner.lost), String(owner.won),
                               String(owner.lost), CSVCell.ratio(owner.winRate), "", "", ""])
        }
        for size in wonSize {
            table.rows.append(["won_size", "", "", "", size.currency, String(size.deals), String(size.deals), "", "", String(size.amount),
                               String(size.average), ""])
        }
        table.rows.append(["total", "", "", "", "", String(won + lost), String(won), String(lost), CSVCell.ratio(winRate), "", "",
                           CSVCell.ratio(medianSalesCycleDays)])
        return table
    }
}

/// Lost deals sharing a stage lost from, an owner and a reason.
public struct LossReason: Sendable, Encodable, Equatable {
    /// The stage the deal left for the lost stage; nil for a deal created lost.
    public var stage: String?
    public var ownerID: String?
    public var reason: String?
    public var deals: Int

    enum CodingKeys: String, CodingKey { case stage, ownerID = "owner_id", reason, deals }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(reason, forKey: .reason)
        try c.encode(deals, forKey: .deals)
    }
}

/// One owner's won and lost deals of the period.
public struct OwnerOutcome: Sendable, Encodable, Equatable {
    public var ownerID: String?
    public var won: Int
    public var lost: Int
    public var winRate: Double?

    enum CodingKeys: String, CodingKey { case ownerID = "owner_id", won, lost, winRate = "win_rate" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(won, forKey: .won)
        try c.encode(lost, forKey: .lost)
        try c.encode(winRate, forKey: .winRate)
    }
}

/// The won deals of one currency that have an amount.
public struct WonSize: Sendable, Encodable, Equatable {
    public var currency: String
    public var deals: Int
    public var amount: Int64
    /// amount / deals, rounded half up to a minor unit.
    public var average: Int64
}
