/// What a user may do. Each role includes the ones below it.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Reads everything, changes nothing.
    case readonly
    /// Works the pipeline: creates and edits contacts, companies, deals, activities.
    case member
    /// Also imports, exports, restores and archives in bulk.
    case manager
    /// Also manages users, tokens, modules, plugins and erases personal data.
    case admin

    private var rank: Int {
        switch self {
        case .readonly: 0
        case .member: 1
        case .manager: 2
        case .admin: 3
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Decodes a role, naming the accepted values when the text is not one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let role = Role(rawValue: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be admin, manager, member or readonly (got \(text))")
        }
        self = role
    }

    /// Whether this role may do something that needs `permission`.
    public func allows(_ permission: Permission) -> Bool { self >= permission.minimumRole }
}

/// The kinds of action the API checks, each with the least role that may do it.
public enum Permission: String, Sendable, CaseIterable {
    case read
    case write
    case manage
    case administer

    public var minimumRole: Role {
        switch self {
        case .read: .readonly
        case .write: .member
        case .manage: .manager
        case .administer: .admin
        }
    }
}
