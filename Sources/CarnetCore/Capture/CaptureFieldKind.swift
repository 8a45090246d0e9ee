/// The kind of input a capture form field shows, and how its answer is checked.
public enum CaptureFieldKind: String, Sendable, Codable, CaseIterable {
    case text, email, phone, textarea, checkbox, select

    /// The longest answer when the field sets no `max_length`.
    public var defaultMaxLength: Int {
        switch self {
        case .text, .select: Limits.shortText
        case .email: 254
        case .phone: 40
        case .textarea: 5_000
        case .checkbox: 10
        }
    }
}
