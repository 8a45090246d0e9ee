import CarnetCore

/// The problems of one CSV row, by the line it starts on (1 is the header).
public struct RowError: Sendable, Equatable, Encodable {
    public var line: Int
    public var errors: [FieldError]

    public init(line: Int, errors: [FieldError]) {
        self.line = line
        self.errors = errors
    }
}
