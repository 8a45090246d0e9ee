import CarnetCore

/// A field a record of some kind should have, or several alternatives of which it should
/// have one: `email|phone` is missing from a contact with neither an e-mail nor a phone.
public struct CriticalRule: Sendable, Hashable {
    public let kind: RecordKind
    /// The alternatives, in the order written.
    public let fields: [String]

    /// Reads `amount` or `email|phone`; the error names the unknown field and the known ones.
    public init(_ text: String, kind: RecordKind) throws(CriticalRuleError) {
        let fields = text.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmedOrNil ?? "" }
        for field in fields where kind.fields[field] == nil {
            throw CriticalRuleError(rule: text, field: field, known: kind.fields.keys.sorted())
        }
        self.kind = kind
        self.fields = fields
    }

    /// How the rule is written, and named in the report: `email|phone`.
    public var text: String { fields.joined(separator: "|") }

    /// The SQL condition that holds when the record lacks every alternative.
    var missingCondition: String {
        fields.compactMap { kind.fields[$0] }.map { "(\($0))" }.joined(separator: " AND ")
    }
}

/// A critical-field rule naming a field the report does not know.
public struct CriticalRuleError: Error, Sendable, Equatable {
    public let rule: String
    public let field: String
    public let known: [String]
}
