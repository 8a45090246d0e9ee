/// Who is doing something: a signed-in user, or the system itself (jobs, imports run by the CLI).
public struct Actor: Sendable, Hashable {
    public var userID: String?
    public var role: Role
    public var name: String

    public init(userID: String?, role: Role, name: String) {
        self.userID = userID
        self.role = role
        self.name = name
    }

    /// The server acting on its own behalf (CLI commands, jobs): full rights, no user id.
    public static let system = Actor(userID: nil, role: .admin, name: "system")

    /// Throws `forbidden` unless the role allows the permission.
    public func require(_ permission: Permission) throws(CarnetError) {
        guard role.allows(permission) else {
            throw .forbidden("Your role (\(role.rawValue)) may not do this; it needs \(permission.minimumRole.rawValue) or above.")
        }
    }
}
