import Foundation

/// The body of `PATCH /api/v1/users/{id}`: absent keys keep their value.
public struct UserPatch: Sendable, Decodable {
    public var name: String?
    public var role: Role?
    /// A deactivated user can neither sign in nor use their API tokens; their data stays.
    public var active: Bool?
    /// `en` or `fr`.
    public var locale: String?
    public var version: Int?

    public init(name: String? = nil, role: Role? = nil, active: Bool? = nil, locale: String? = nil) {
        self.name = name
        self.role = role
        self.active = active
        self.locale = locale
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, role, active, locale, version
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, known: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        role = try c.decodeIfPresent(Role.self, forKey: .role)
        active = try c.decodeIfPresent(Bool.self, forKey: .active)
        locale = try c.decodeIfPresent(String.self, forKey: .locale)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
    }
}

extension User {
    /// Applies a patch's name, role, active flag and locale.
    public mutating func apply(_ patch: UserPatch) {
        if let newName = patch.name { name = newName.trimmingCharacters(in: .whitespaces) }
        if let newRole = patch.role { role = newRole }
        if let newActive = patch.active { active = newActive }
        if let newLocale = patch.locale { locale = newLocale.trimmingCharacters(in: .whitespaces) }
    }
}
