import CarnetStore

/// A report flattened to one table for CSV: a header row, then rows of the same width.
struct ReportTable: Sendable {
    var header: [String]
    var rows: [[String]] = []

    /// The table as RFC 4180 text, header first.
    var csv: String {
        var writer = CSVWriter()
        writer.append(header)
        for row in rows { writer.append(row) }
        return writer.take()
    }
}

/// How figures are written in CSV cells: nil as an empty cell, ratios with up to four decimals.
enum CSVCell {
    static func text(_ value: String?) -> String { value ?? "" }
    static func int(_ value: Int64?) -> String { value.map(String.init) ?? "" }
    static func int(_ value: Int?) -> String { value.map(String.init) ?? "" }
    static func ratio(_ value: Double?) -> String {
        guard let value else { return "" }
        return String(Double((value * 10_000).rounded()) / 10_000)
    }
}

/// A JSON key chosen at run time, for rows whose grouping column is named after the grouping.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
