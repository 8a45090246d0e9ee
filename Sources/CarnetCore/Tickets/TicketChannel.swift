/// How a ticket reached the team.
public enum TicketChannel: String, Sendable, Codable, CaseIterable {
    case email, phone, web
    case onSite = "on_site"

    /// Decodes a channel, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let channel = TicketChannel(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")) (got \(text))")
        }
        self = channel
    }
}
