/// Where a form field's answer goes (`maps_to`): a contact field, a field of the contact's
/// company (`company.name`), or a custom field of the contact (`custom.budget`).
public enum CaptureTarget: Sendable, Hashable {
    case contact(String)
    case company(String)
    case custom(String)

    /// The contact fields a form may fill; `phone` adds to the contact's phone numbers.
    public static let contactFields = ["first_name", "last_name", "email", "phone", "title", "street", "postcode", "city", "region", "country"]
    /// The company fields a form may fill, after `company.`; `size` is a head count.
    public static let companyFields = ["name", "industry", "website", "region", "country", "size"]

    /// Reads `first_name`, `company.industry` or `custom.budget`; nil for anything else.
    public init?(_ text: String) {
        if text.hasPrefix("company.") {
            let name = String(text.dropFirst(8))
            guard Self.companyFields.contains(name) else { return nil }
            self = .company(name)
        } else if text.hasPrefix("custom.") {
            let key = String(text.dropFirst(7))
            guard Self.isCustomKey(key) else { return nil }
            self = .custom(key)
        } else {
            guard Self.contactFields.contains(text) else { return nil }
            self = .contact(text)
        }
    }

    /// As written in `maps_to`.
    public var text: String {
        switch self {
        case .contact(let name): name
        case .company(let name): "company.\(name)"
        case .custom(let key): "custom.\(key)"
        }
    }

    /// Whether the answer goes to a custom field of the contact.
    public var isCustom: Bool {
        if case .custom = self { return true }
        return false
    }

    /// The longest value the target holds, so a form cannot accept more than the contact keeps.
    public var limit: Int {
        switch self {
        case .contact("postcode"): 20
        case .contact("phone"): 40
        case .contact("email"): 254
        case .contact("country"), .company("country"): 2
        case .company("size"): 9
        case .custom: Limits.longText
        default: Limits.shortText
        }
    }

    /// A custom field key as contacts allow it: 1 to 64 letters, digits or `_`.
    static func isCustomKey(_ key: String) -> Bool {
        !key.isEmpty && key.count <= 64 && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }
}
