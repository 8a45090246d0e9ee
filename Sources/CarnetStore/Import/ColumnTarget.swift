import CarnetCore

/// Where the values of one CSV column go: a contact field, a custom field, or nowhere.
public enum ColumnTarget: Hashable, Sendable, Encodable, CustomStringConvertible {
    case field(ContactColumn)
    /// A custom field, by its name without the `custom.` prefix.
    case custom(String)
    case ignored

    /// The target a header names by itself: a known field or synonym, `custom.<name>`, or nothing.
    init(header: String) {
        if let name = Self.customName(header) {
            self = .custom(name)
        } else if let column = ContactColumn.matching(header) {
            self = .field(column)
        } else {
            self = .ignored
        }
    }

    /// The target a `--map` value names: a field or synonym, `custom.<name>`, or `ignore`; nil if none of these.
    init?(mapValue: String) {
        let value = mapValue.trimmingCharacters(in: .whitespaces)
        if ["ignore", "ignored", "-", "skip"].contains(value.lowercased()) {
            self = .ignored
        } else {
            let target = ColumnTarget(header: value)
            if target == .ignored { return nil }
            self = target
        }
    }

    /// `custom.need` gives `need`, keeping the name's case; nil for other headers.
    private static func customName(_ header: String) -> String? {
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        guard trimmed.lowercased().hasPrefix("custom.") else { return nil }
        let name = trimmed.dropFirst("custom.".count).trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// The name used in headers, reports and `--map`: `email`, `custom.need`, `ignored`.
    public var description: String {
        switch self {
        case .field(let column): column.rawValue
        case .custom(let name): "custom.\(name)"
        case .ignored: "ignored"
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
