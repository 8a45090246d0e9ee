import CarnetCore

/// The start of a CSV file as the import page shows it before importing: each column with
/// the field it would fill, and the first rows as written.
public struct ImportPreview: Sendable {
    public let columns: [ColumnMapping.Column]
    public let rows: [[String]]

    /// Reads the header and up to `limit` data rows of `csv`, mapped with `columnMap`
    /// (header → field, as `ImportOptions.columnMap`); throws what the import would.
    public init(csv: String, columnMap: [String: String] = [:], limit: Int = 5) throws(CarnetError) {
        var reader = CSVReader(text: csv)
        guard let header = try reader.next(), !header.isBlank else {
            throw .malformed(detail: "The file is empty: its first line must name the columns (first_name, last_name, email, ...).", field: "csv")
        }
        columns = try ColumnMapping(header: header.fields.map { $0.trimmingCharacters(in: .whitespaces) }, overrides: columnMap).columns
        var rows: [[String]] = []
        while rows.count < limit, let record = try reader.next() {
            if !record.isBlank { rows.append(record.fields) }
        }
        self.rows = rows
    }

    /// The values a column's field may take on the import page: a contact field or `ignore`.
    public static var targets: [String] {
        ContactColumn.allCases.map(\.rawValue) + ["ignore"]
    }
}
