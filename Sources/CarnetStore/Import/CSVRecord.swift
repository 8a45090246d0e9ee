/// One record of a CSV file: its fields and the physical line it starts on (1 = the header).
public struct CSVRecord: Sendable {
    /// The line the record starts on; a quoted field with line breaks makes the next record start further down.
    public var line: Int
    public var fields: [String]

    /// Whether every field is empty or white space (a blank line in the file).
    public var isBlank: Bool {
        fields.allSatisfy(\.isBlank)
    }
}
