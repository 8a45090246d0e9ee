import Foundation

/// The text of a saved reply with merge fields: `Hello {{contact.first_name}}, about {{ticket.number}}…`.
///
/// Strict on purpose: a field this table does not know, or `{{` left open, is refused when the
/// reply is saved (422 naming the field of the text), so no operator ever sends `{{contcat.name}}`
/// to a customer. Rendering only substitutes: the values are never read as templates.
public struct MergeTemplate: Sendable, Equatable {
    /// The fields a saved reply may use.
    public static let fields = ["contact.first_name", "contact.last_name", "contact.name", "ticket.number", "ticket.subject", "user.name"]

    enum Piece: Sendable, Equatable {
        case text(Substring)
        case field(String)
    }

    let pieces: [Piece]

    /// Reads `text` as a saved reply; problems are reported under `field`, in `language`.
    public init(_ text: String, field: String, language: Language = .en) throws(CarnetError) {
        try self.init(text, field: field, known: Self.fields, language: language)
    }

    /// Reads `text` allowing the merge fields `known` (a campaign e-mail has its own).
    public init(_ text: String, field: String, known: [String], language: Language = .en) throws(CarnetError) {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(rest[..<open.lowerBound])) }
            let inside = rest[open.upperBound...]
            guard let close = inside.range(of: "}}") else {
                throw .validation([FieldError(field, L10n.text("reply.unclosed_field", language))])
            }
            let name = inside[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard known.contains(name) else {
                throw .validation([FieldError(field, L10n.text("reply.unknown_field", language, ["name": name, "known": known.joined(separator: ", ")]))])
            }
            pieces.append(.field(name))
            rest = inside[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        self.pieces = pieces
    }

    /// The text with each field replaced by its value; a field without a value becomes empty.
    public func render(_ values: [String: String]) -> String {
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .field(let name): output += values[name] ?? ""
            }
        }
        return output
    }
}
