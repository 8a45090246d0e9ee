import CarnetCore
import Testing

@Suite("Role, Permission and Actor")
struct RoleTests {
    /// What each role may do: readonly only reads, member also writes, manager also manages, admin does all.
    static let allowed: [Role: Set<Permission>] = [
        .readonly: [.read],
        .member: [.read, .write],
        .manager: [.read, .write, .manage],
        .admin: [.read, .write, .manage, .administer],
    ]

    @Test("each role allows exactly its permissions", arguments: Role.allCases, Permission.allCases)
    func matrix(role: Role, permission: Permission) throws {
        let expected = try #require(Self.allowed[role]).contains(permission)
        #expect(role.allows(permission) == expected)
    }

    @Test("roles are ordered from readonly to admin")
    func ordering() {
        #expect(Role.allCases == [.readonly, .member, .manager, .admin])
        #expect(Role.allCases.sorted() == [.readonly, .member, .manager, .admin])
        #expect(Role.readonly < .member && Role.member < .manager && Role.manager < .admin)
        #expect(!(Role.admin < .admin))
    }

    @Test("each permission names its least role", arguments: [
        (Permission.read, Role.readonly), (.write, .member), (.manage, .manager), (.administer, .admin),
    ])
    func minimumRole(permission: Permission, role: Role) {
        #expect(permission.minimumRole == role)
    }

    @Test("require passes when the role allows it", arguments: Role.allCases, Permission.allCases)
    func require(role: Role, permission: Permission) throws {
        let actor = Actor(userID: "usr_1", role: role, name: "Claire")
        if role.allows(permission) {
            try actor.require(permission)
        } else {
            #expect(throws: CarnetError.forbidden("Your role (\(role.rawValue)) may not do this; it needs \(permission.minimumRole.rawValue) or above.")) {
                try actor.require(permission)
            }
        }
    }

    @Test("a readonly user may not write and is told which role is needed")
    func forbiddenMessage() throws {
        let actor = Actor(userID: "usr_1", role: .readonly, name: "Claire")
        let error = try #require(throws: CarnetError.self) { try actor.require(.write) }
        guard case .forbidden(let reason) = error else {
            Issue.record("expected forbidden, got \(error)")
            return
        }
        #expect(reason.contains("readonly"))
        #expect(reason.contains("member or above"))
    }

    @Test("the system actor is an admin without a user id")
    func system() throws {
        #expect(Actor.system.role == .admin)
        #expect(Actor.system.userID == nil)
        try Actor.system.require(.administer)
    }

    @Test("a user acts with its own id and role")
    func userActor() {
        let user = User(id: "usr_7", email: "claire@example.com", name: "Claire", role: .manager, at: newYear2026)
        #expect(user.actor == Actor(userID: "usr_7", role: .manager, name: "Claire"))
    }
}
