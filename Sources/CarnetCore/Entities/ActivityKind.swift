/// The kinds of activity a user logs.
public enum ActivityKind: String, Sendable, Codable, CaseIterable {
    case note, call, meeting, email
}
