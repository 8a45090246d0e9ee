/// A field a segment filter may name, what it reads and the operators it takes.
///
/// Contact fields are columns of `contacts`; `company.*` read the contact's company;
/// `score` and `band` read the leadscoring module's `lead_scores`; `open_deal_stage` and
/// `last_activity` look at the contact's deals and activities; `custom.<key>` reads a custom field.
public struct FilterField: Sendable, Equatable {
    /// What the field reads.
    public enum Kind: Sendable, Equatable {
        /// A text column of the contact.
        case contactText(column: String)
        /// The contact's tags (`contact_tags`).
        case tags
        /// A 0/1 column of the contact.
        case contactFlag(column: String)
        /// A timestamp column of the contact.
        case contactInstant(column: String)
        /// A text column of the contact's company.
        case companyText(column: String)
        /// A number column of the contact's company read as a band (`micro` … `large`).
        case companyBand(column: String, bands: [SizeBand])
        /// The lead score, 0–100.
        case score
        /// The lead score's band: cold, warm or hot.
        case band
        /// The stage of one of the contact's open deals.
        case openDealStage
        /// When the contact's latest activity happened.
        case lastActivity
        /// A custom field of the contact, by key.
        case custom(key: String)
    }

    public let name: String
    public let kind: Kind
    public let operators: [FilterOperator]

    static let textOperators: [FilterOperator] = [.eq, .ne, .in, .contains, .startsWith, .isEmpty]
    static let choiceOperators: [FilterOperator] = [.eq, .ne, .in]
    static let numberOperators: [FilterOperator] = [.eq, .ne, .gt, .gte, .lt, .lte]

    /// Every field by name, `custom.<key>` aside.
    public static let known: [FilterField] = {
        var fields = ["owner_id", "region", "country", "city", "postcode", "source", "title"].map {
            FilterField(name: $0, kind: .contactText(column: $0), operators: textOperators)
        }
        fields += [
            FilterField(name: "tags", kind: .tags, operators: [.has, .hasNot]),
            FilterField(name: "email_opt_in", kind: .contactFlag(column: "email_opt_in"), operators: [.eq]),
            FilterField(name: "created_at", kind: .contactInstant(column: "created_at"), operators: [.before, .after, .withinDays]),
            FilterField(name: "company.industry", kind: .companyText(column: "industry"), operators: textOperators),
            FilterField(name: "company.region", kind: .companyText(column: "region"), operators: textOperators),
            FilterField(name: "company.size_band", kind: .companyBand(column: "size", bands: SizeBand.headcount), operators: choiceOperators),
            FilterField(name: "company.revenue_band", kind: .companyBand(column: "annual_revenue", bands: SizeBand.revenue), operators: choiceOperators),
            FilterField(name: "score", kind: .score, operators: numberOperators),
            FilterField(name: "band", kind: .band, operators: choiceOperators),
            FilterField(name: "open_deal_stage", kind: .openDealStage, operators: choiceOperators),
            FilterField(name: "last_activity", kind: .lastActivity, operators: [.before, .after, .withinDays, .isEmpty]),
        ]
        return fields
    }()

    /// The names to list in a message about an unknown field.
    public static let names = known.map(\.name) + ["custom.<key>"]

    /// The field called `name`; nil when there is none (a bad custom key is nil too).
    public static func named(_ name: String) -> FilterField? {
        if let field = known.first(where: { $0.name == name }) { return field }
        guard name.hasPrefix("custom.") else { return nil }
        let key = String(name.dropFirst("custom.".count))
        guard isCustomKey(key) else { return nil }
        return FilterField(name: name, kind: .custom(key: key), operators: [.eq, .ne, .contains, .gt, .lt, .isEmpty])
    }

    /// Letters, digits and `_`, 1 to 64 of them: the key goes into a JSON path.
    static func isCustomKey(_ key: String) -> Bool {
        (1...64).contains(key.utf8.count) && key.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// Whether the field reads the leadscoring module's table.
    public var needsScores: Bool {
        kind == .score || kind == .band
    }
}
