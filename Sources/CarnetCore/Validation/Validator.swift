/// Collects field errors while checking an input, so a user sees every problem at once.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    /// Adds an error for a field.
    public mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    /// A required text: present, not blank, at most `max` characters.
    public mutating func required(_ field: String, _ value: String?, max: Int = Limits.shortText) {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            fail(field, "is required")
            return
        }
        length(field, value, max: max)
    }

    /// An optional text no longer than `max` characters.
    public mutating func length(_ field: String, _ value: String?, max: Int = Limits.shortText) {
        if let value, Self.longer(value, than: max) { fail(field, "must be at most \(max) characters (got \(value.count))") }
    }

    /// Whether a text has more than `max` characters. Counting characters walks the whole
    /// text; a text of at most `max` UTF-8 bytes cannot have more characters than that.
    static func longer(_ text: String, than max: Int) -> Bool {
        text.utf8.count > max && text.count > max
    }

    /// An optional e-mail address.
    public mutating func email(_ field: String, _ value: String?) {
        if let value, !EmailAddress.isValid(value) { fail(field, "is not a valid e-mail address: \(value)") }
    }

    /// A list no longer than `max` items, each text at most `itemMax` characters.
    public mutating func list(_ field: String, _ values: [String], max: Int = Limits.listItems, itemMax: Int = Limits.shortText) {
        if values.count > max { fail(field, "must have at most \(max) items (got \(values.count))") }
        for (index, value) in values.enumerated() where Self.longer(value, than: itemMax) {
            fail("\(field)[\(index)]", "must be at most \(itemMax) characters")
        }
    }

    /// Custom fields: bounded in number, names and size.
    public mutating func customFields(_ fields: [String: JSONValue]) {
        if fields.count > Limits.customFields { fail("custom_fields", "must have at most \(Limits.customFields) fields") }
        for (name, value) in fields {
            if name.isEmpty || name.count > 64 || !name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                fail("custom.\(name)", "field names are 1 to 64 letters, digits or _")
            }
            if case .string(let text) = value, Self.longer(text, than: Limits.longText) {
                fail("custom.\(name)", "must be at most \(Limits.longText) characters")
            }
        }
    }

    /// Throws `CarnetError.validation` if anything failed.
    public func check() throws(CarnetError) {
        if !errors.isEmpty { throw .validation(errors) }
    }
}

/// Size limits on user input, in one place.
public enum Limits {
    public static let shortText = 200
    public static let longText = 10_000
    public static let listItems = 50
    public static let customFields = 100
    public static let pageSize = 200
    public static let defaultPageSize = 50

    /// A page size brought into 1...pageSize, so a service never asks for 0 or 10,000 rows.
    public static func clampPage(_ size: Int) -> Int {
        min(max(size, 1), pageSize)
    }
}
