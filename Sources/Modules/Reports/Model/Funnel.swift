/// The funnel of a period, read from the stage history: what became of each entry into each open stage.
public struct Funnel: Sendable, Encodable {
    public var from: String
    public var to: String
    /// The period of equal length just before, which the leak is measured against.
    public var previousFrom: String
    public var previousTo: String
    public var stages: [FunnelStage]
    /// Entries into a won stage during the period.
    public var wonEntries: Int
    public var endToEnd: EndToEnd
    /// The stage whose conversion dropped most against the previous period; nil when none dropped.
    public var leak: FunnelLeak?

    enum CodingKeys: String, CodingKey {
        case from, to, previousFrom = "previous_from", previousTo = "previous_to", stages, wonEntries = "won_entries"
        case endToEnd = "end_to_end", leak
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(previousFrom, forKey: .previousFrom)
        try c.encode(previousTo, forKey: .previousTo)
        try c.encode(stages, forKey: .stages)
        try c.encode(wonEntries, forKey: .wonEntries)
        try c.encode(endToEnd, forKey: .endToEnd)
        try c.encode(leak, forKey: .leak)
    }

    /// One row per open stage, the leak flagged on its row.
    var table: ReportTable {
        var table = ReportTable(header: ["stage", "entered", "moved_on", "moved_back", "lost", "still_there", "conversion",
                                         "median_days_in_stage", "previous_entered", "previous_conversion", "leak"])
        for stage in stages {
            table.rows.append([stage.stage, String(stage.entered), String(stage.movedOn), String(stage.movedBack), String(stage.lost),
                               String(stage.stillThere), CSVCell.ratio(stage.conversion), CSVCell.ratio(stage.medianDaysInStage),
                               String(stage.previousEntered), CSVCell.ratio(stage.previousConversion), leak?.stage == stage.stage ? "true" : "false"])
        }
        return table
    }
}

/// What became of the entries into one stage during the period, by the period's end.
public struct FunnelStage: Sendable, Encodable, Equatable {
    public var stage: String
    /// Entries into the stage during the period (a deal entering twice counts twice).
    public var entered = 0
    /// Of those, next moved to a later stage or a won stage before the period's end.
    public var movedOn = 0
    /// Next moved back to an earlier open stage.
    public var movedBack = 0
    /// Next moved to a lost stage: lost from this stage.
    public var lost = 0
    /// Still in the stage at the period's end.
    public var stillThere = 0
    /// moved_on / entered; nil when nothing entered.
    public var conversion: Double?
    /// The median time, in days, of the entries that left the stage before the period's end.
    public var medianDaysInStage: Double?
    public var previousEntered = 0
    public var previousConversion: Double?

    enum CodingKeys: String, CodingKey {
        case stage, entered, movedOn = "moved_on", movedBack = "moved_back", lost, stillThere = "still_there", conversion
        case medianDaysInStage = "median_days_in_stage", previousEntered = "previous_entered", previousConversion = "previous_conversion"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(stage, forKey: .stage)
        try c.encode(entered, forKey: .entered)
        try c.encode(movedOn, forKey: .movedOn)
        try c.encode(movedBack, forKey: .movedBack)
        try c.encode(lost, forKey: .lost)
        try c.encode(stillThere, forKey: .stillThere)
        try c.encode(conversion, forKey: .conversion)
        try c.encode(medianDaysInStage, forKey: .medianDaysInStage)
        try c.encode(previousEntered, forKey: .previousEntered)
        try c.encode(previousConversion, forKey: .previousConversion)
    }
}

/// Of the deals created during the period, how many were won by its end.
public struct EndToEnd: Sendable, Encodable, Equatable {
    public var created: Int
    public var won: Int
    public var conversion: Double?

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicKey.self)
        try c.encode(created, forKey: DynamicKey("created"))
        try c.encode(won, forKey: DynamicKey("won"))
        try c.encode(conversion, forKey: DynamicKey("conversion"))
    }
}

/// The funnel's worst drop: a stage, its conversion now and in the previous period.
public struct FunnelLeak: Sendable, Encodable, Equatable {
    public var stage: String
    public var conversion: Double
    public var previousConversion: Double
    /// previous_conversion − conversion, above 0.
    public var drop: Double

    enum CodingKeys: String, CodingKey {
        case stage, conversion, previousConversion = "previous_conversion", drop
    }
}
