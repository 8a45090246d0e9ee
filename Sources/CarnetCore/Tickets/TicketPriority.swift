/// How urgent a ticket is, lowest first; it picks the SLA targets.
public enum TicketPriority: String, Sendable, Codable, CaseIterable {
    case low, normal, high, urgent

    /// Decodes a priority, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let priority = TicketPriority(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be low, normal, high or urgent (got \(text))")
        }
        self = priority
    }
}
