/// A lead as a form submission or a badge brings it, checked against its form and sorted
/// by destination: the contact's fields, its company's, custom fields, and the consent.
public struct LeadInput: Sendable, Equatable {
    /// Contact fields by name (`first_name`, `phone`, ...), trimmed, never blank.
    public var contact: [String: String] = [:]
    /// Company fields by name (`name`, `industry`, ...).
    public var company: [String: String] = [:]
    public var custom: [String: JSONValue] = [:]
    /// Every field's answer by field name, kept with the submission.
    public var answers: [String: JSONValue] = [:]
    /// The consent checkbox was ticked.
    public var consent = false
    public var utm = UTMParameters()
    /// The page the visitor came from (`Referer`), at most 2,000 characters.
    public var referrer: String?

    public init() {}

    /// The normalised e-mail address the lead gave, if any.
    public var email: String? { contact["email"].map(EmailAddress.normalized) }
}
