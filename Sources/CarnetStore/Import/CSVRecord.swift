/// One record of a CSV file: its fields and the physical line it starts on (1 = the header).
struct CSVRecord: Sendable {
    /// The line the record starts on; a quoted field with line breaks makes the next record start further down.
    var line: Int
    var fields: [String]

    /// Whether every field is empty or white space (a blank line in the file).
    var isBlank: Bool {
        fields.allSatisfy(\.isBlank)
    }
}
