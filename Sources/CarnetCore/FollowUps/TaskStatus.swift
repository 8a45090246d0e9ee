/// Whether a follow-up task is still to do.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    case open, done

    /// Decodes a status, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let status = TaskStatus(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be open or done (got \(text))")
        }
        self = status
    }
}
