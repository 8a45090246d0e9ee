/// Records lacking a critical field, per rule and per owner, each with where to fix them.
public struct MissingFields: Sendable, Encodable {
    /// One line per configured rule, all owners together.
    public var rules: [MissingFieldCount]
    /// One line per rule and owner (an owner with no such records is left out); `owner_id`
    /// null for records without an owner.
    public var owners: [MissingFieldCount]

    /// One CSV table: the rule lines (`owner_id` empty, `scope` = `all`), then the owners'.
    var table: ReportTable {
        var table = ReportTable(header: ["scope", "entity", "rule", "owner_id", "records", "missing", "rate", "link"])
        for (scope, lines) in [("all", rules), ("owner", owners)] {
            for line in lines {
                table.rows.append([scope, line.entity.rawValue, line.rule, CSVCell.text(line.ownerID), String(line.records),
                                   String(line.missing), CSVCell.ratio(line.rate), line.link])
            }
        }
        return table
    }
}

/// How many records of a kind (of one owner, or of all) lack a rule's fields.
public struct MissingFieldCount: Sendable, Encodable, Equatable {
    public var entity: RecordKind
    public var rule: String
    public var ownerID: String?
    /// The records checked: live contacts and companies, open deals.
    public var records: Int
    public var missing: Int
    /// missing / records; nil when there is no record.
    public var rate: Double?
    /// The API list of the records at fault, each with the page to fix it on.
    public var link: String

    enum CodingKeys: String, CodingKey {
        case entity, rule, ownerID = "owner_id", records, missing, rate, link
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(entity, forKey: .entity)
        try c.encode(rule, forKey: .rule)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(records, forKey: .records)
        try c.encode(missing, forKey: .missing)
        try c.encode(rate, forKey: .rate)
        try c.encode(link, forKey: .link)
    }
}

/// A record lacking a rule's fields, with the page where it is fixed.
public struct MissingFieldRecord: Sendable, Encodable, Equatable {
    public var id: String
    public var name: String
    public var ownerID: String?
    /// The record's page in the web application: `/contacts/con_…`.
    public var page: String

    enum CodingKeys: String, CodingKey {
        case id, name, ownerID = "owner_id", page
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(ownerID, forKey: .ownerID)
        try c.encode(page, forKey: .page)
    }
}
