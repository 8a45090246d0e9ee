/// The kinds of activity a user logs.
public enum ActivityKind: String, Sendable, Codable, CaseIterable {
    case note, call, meeting, email

    /// Decodes a kind, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let kind = ActivityKind(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be note, call, meeting or email (got \(text))")
        }
        self = kind
    }
}
