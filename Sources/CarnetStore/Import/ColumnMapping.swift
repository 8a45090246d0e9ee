import CarnetCore

/// Which contact field each column of a CSV file fills, decided from the header line.
///
/// Headers are matched case- and accent-insensitively against English and French
/// synonyms (`Prénom`, `Code postal`, `Courriel`...); `custom.<name>` fills a custom field;
/// any other header is ignored and reported. Overrides (`--map "Header=field"`) win
/// over the guess: a field name or synonym, `custom.<name>`, or `ignore`.
public struct ColumnMapping: Sendable {
    /// One column of the file and where it goes.
    public struct Column: Sendable, Encodable {
        public var header: String
        public var target: ColumnTarget

        enum CodingKeys: String, CodingKey {
            case header, target = "field"
        }
    }

    /// Every column of the file, in order.
    public let columns: [Column]

    /// Maps a header line; an override naming a header the file lacks, an unknown target,
    /// or two columns filling the same single-valued field is an error naming them.
    public init(header: [String], overrides: [String: String] = [:]) throws(CarnetError) {
        var problems: [FieldError] = []
        var overrideTargets: [String: ColumnTarget] = [:]
        for (name, value) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let target = ColumnTarget(mapValue: value) else {
                problems.append(FieldError("map", "\(name)=\(value): unknown field \(value); use one of \(ContactColumn.allCases.map(\.rawValue).joined(separator: ", ")), custom.<name> or ignore"))
                continue
            }
            guard header.contains(where: { Self.sameHeader($0, name) }) else {
                problems.append(FieldError("map", "\(name)=\(value): the file has no column \(name); its columns are \(header.joined(separator: ", "))"))
                continue
            }
            overrideTargets[name] = target
        }
        var columns: [Column] = []
        var firstUse: [ColumnTarget: String] = [:]
        for (index, name) in header.enumerated() {
            let target = overrideTargets.first(where: { Self.sameHeader(name, $0.key) })?.value ?? ColumnTarget(header: name)
            let label = name.isBlank ? "(column \(index + 1))" : name
            // Several phone or tag columns are joined; any other field takes one column.
            let joined = if case .field(let column) = target { column.isList } else { false }
            if target != .ignored, !joined, let other = firstUse[target] {
                problems.append(FieldError("header", "columns \(other) and \(label) both fill \(target); map one of them elsewhere or to ignore with --map"))
            }
            if firstUse[target] == nil { firstUse[target] = label }
            columns.append(Column(header: label, target: target))
        }
        if !problems.isEmpty { throw .validation(problems) }
        self.columns = columns
    }

    /// The headers of the columns no field takes.
    public var ignoredColumns: [String] {
        columns.filter { $0.target == .ignored }.map(\.header)
    }

    /// The columns some field takes.
    public var usedColumns: [Column] {
        columns.filter { $0.target != .ignored }
    }

    private static func sameHeader(_ lhs: String, _ rhs: String) -> Bool {
        SearchKey.fold(lhs) == SearchKey.fold(rhs)
    }
}
