/// How `ContactImporter` treats a file.
public struct ImportOptions: Sendable {
    /// Check everything and report what would happen, writing nothing.
    public var dryRun = false
    /// Update the live contact with the same e-mail or external reference; without it a
    /// row whose e-mail a live contact already has is an error.
    public var upsertBy: UpsertKey?
    /// Import the valid rows and report the others; by default one invalid row stops the whole import.
    public var skipInvalid = false
    /// Header → target overrides of the guessed mapping (see `ColumnMapping`).
    public var columnMap: [String: String] = [:]
    /// The name of the file, recorded in the report and the `contacts.imported` event.
    public var fileName: String?

    public init(dryRun: Bool = false, upsertBy: UpsertKey? = nil, skipInvalid: Bool = false, columnMap: [String: String] = [:], fileName: String? = nil) {
        self.dryRun = dryRun
        self.upsertBy = upsertBy
        self.skipInvalid = skipInvalid
        self.columnMap = columnMap
        self.fileName = fileName
    }
}
