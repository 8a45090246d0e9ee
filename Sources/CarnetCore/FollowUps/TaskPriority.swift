/// How much a follow-up task matters, lowest first.
public enum TaskPriority: String, Sendable, Codable, CaseIterable, Comparable {
    case low, normal, high, urgent

    private var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        case .urgent: 3
        }
    }

    public static func < (lhs: TaskPriority, rhs: TaskPriority) -> Bool { lhs.rank < rhs.rank }

    /// Decodes a priority, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let priority = TaskPriority(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be low, normal, high or urgent (got \(text))")
        }
        self = priority
    }
}
