/// One problem with one input field, as shown to the user: `{"field": "email", "message": "..."}`.
public struct FieldError: Sendable, Hashable, Codable {
    /// The field's name as the API spells it (`email`, `custom.need`, `amount`).
    public var field: String
    /// What is wrong and how to fix it, in plain words.
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}
