/// Who is doing something: a signed-in user, or the system itself (jobs, imports run by the CLI).
public struct Actor: Sendable, Hashable {
    public var userID: String?
    public var role: Role
    public var name: String
    /// The plugins whose code is making this change, outermost first: a plugin's hook that
    /// writes acts as `plugin:<id>` with its id appended. The events the change writes carry
    /// this chain, so a plugin's hooks never run on its own writes, and chains stop at
    /// ``maximumPluginDepth``.
    public var plugins: [String]

    /// How many plugins may trigger one another in one chain of hooks.
    public static let maximumPluginDepth = 8

    public init(userID: String?, role: Role, name: String, plugins: [String] = []) {
        self.userID = userID
        self.role = role
        self.name = name
        self.plugins = plugins
    }

    /// A plugin acting on its own (a hook or a job): full rights within the plugin's
    /// permissions, no user, the plugin appended to the chain of this actor.
    public func plugin(_ id: String) -> Actor {
        Actor(userID: nil, role: .admin, name: "plugin:\(id)", plugins: plugins + [id])
    }

    /// A plugin acting for this user (an action the user started): the user's role and id,
    /// the plugin appended to the chain.
    public func onBehalf(ofPlugin id: String) -> Actor {
        Actor(userID: userID, role: role, name: name, plugins: plugins + [id])
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
