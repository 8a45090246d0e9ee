/// What an import did, or would do in a dry run: counts, every bad row, and the column mapping used.
public struct ImportReport: Sendable, Encodable {
    public var fileName: String?
    public var dryRun: Bool
    /// Data rows read; blank lines are not counted.
    public var rows = 0
    public var created = 0
    public var updated = 0
    /// Rows that matched an existing contact and changed nothing in it.
    public var unchanged = 0
    /// Invalid rows left out (only with `skipInvalid`).
    public var skipped = 0
    public var companiesCreated = 0
    /// True when invalid rows stopped the whole import: nothing was (or would be) written.
    public var rejected = false
    public var errors: [RowError] = []
    public var ignoredColumns: [String] = []
    public var mapping: [ColumnMapping.Column] = []

    public init(fileName: String?, dryRun: Bool) {
        self.fileName = fileName
        self.dryRun = dryRun
    }

    /// Whether the file brought nothing in because of errors: the import was rejected,
    /// or every row was invalid.
    public var failed: Bool {
        rejected || (!errors.isEmpty && created + updated + unchanged == 0)
    }

    enum CodingKeys: String, CodingKey {
        case fileName = "file_name", dryRun = "dry_run", rows, created, updated, unchanged, skipped
        case companiesCreated = "companies_created", rejected, errors, ignoredColumns = "ignored_columns", mapping
    }

    /// Writes every field, `null` included, like the API's entities.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fileName, forKey: .fileName)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(rows, forKey: .rows)
        try c.encode(created, forKey: .created)
        try c.encode(updated, forKey: .updated)
        try c.encode(unchanged, forKey: .unchanged)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(companiesCreated, forKey: .companiesCreated)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(errors, forKey: .errors)
        try c.encode(ignoredColumns, forKey: .ignoredColumns)
        try c.encode(mapping, forKey: .mapping)
    }
}
