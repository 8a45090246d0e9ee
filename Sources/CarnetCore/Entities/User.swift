import Foundation

/// Someone who signs in to Carnet.
public struct User: Sendable, Equatable, Codable, Identifiable {
    public var id: String
    public var email: String
    public var name: String
    public var role: Role
    /// A bcrypt hash; never leaves the server.
    public var passwordHash: String?
    public var active: Bool
    /// `en` or `fr`.
    public var locale: String
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, email: String, name: String, role: Role, at now: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.role = role
        active = true
        locale = "en"
        version = 1
        createdAt = now
        updatedAt = now
    }

    enum CodingKeys: String, CodingKey {
        case id, email, name, role, active, locale, version, createdAt = "created_at", updatedAt = "updated_at"
    }

    /// Checks every field and throws all problems at once.
    public func validate() throws(CarnetError) {
        var check = Validator()
        check.required("email", email, max: 254)
        check.email("email", email)
        check.required("name", name)
        if !["en", "fr"].contains(locale) { check.fail("locale", "must be en or fr") }
        try check.check()
    }

    /// The actor this user acts as.
    public var actor: Actor { Actor(userID: id, role: role, name: name) }
}
