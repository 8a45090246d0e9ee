import CarnetCore
import Foundation

/// Users and their API tokens. Passwords and tokens arrive here already hashed.
public struct UserService: Sendable {
    public let context: ServiceContext
    var log: ChangeLog { ChangeLog(clock: context.clock) }

    public init(context: ServiceContext) {
        self.context = context
    }

    /// Adds a user; the e-mail must be unused.
    public func create(email: String, name: String, role: Role, passwordHash: String?, locale: String = "en", actor: Actor, _ conn: any SQLConnection) throws -> User {
        try actor.require(.administer)
        let now = context.clock.now
        var user = User(id: EntityID.make(IDPrefix.user, at: now), email: EmailAddress.normalized(email), name: name.trimmingCharacters(in: .whitespaces), role: role, at: now)
        user.passwordHash = passwordHash
        user.locale = locale
        try user.validate()
        if try conn.queryOne("SELECT id FROM users WHERE email = ?", [.text(user.email)]) != nil {
            throw CarnetError.duplicate(entity: "user", field: "email", value: user.email)
        }
        try conn.execute(
            "INSERT INTO users (id, email, name, role, password_hash, active, locale, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [.text(user.id), .text(user.email), .text(user.name), .text(role.rawValue), .string(passwordHash), .bool(true), .text(locale),
             .int(user.version), .date(now), .date(now)]
        )
        try log.created(EventType.created("user"), entity: "user", id: user.id, row: user, actor: actor, conn)
        return user
    }

    public func get(_ id: String, _ conn: any SQLConnection) throws -> User {
        guard let row = try conn.queryOne("SELECT * FROM users WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "user", id: id)
        }
        return Self.user(row)
    }

    public func find(email: String, _ conn: any SQLConnection) throws -> User? {
        try conn.queryOne("SELECT * FROM users WHERE email = ?", [.text(EmailAddress.normalized(email))]).map(Self.user)
    }

    public func list(_ conn: any SQLConnection) throws -> [User] {
        try conn.query("SELECT * FROM users ORDER BY email", []).map(Self.user)
    }

    public func count(_ conn: any SQLConnection) throws -> Int {
        try conn.queryOne("SELECT COUNT(*) AS n FROM users", [])?.int("n") ?? 0
    }

    /// Changes a user's name, role, active flag or locale, if the user is still at
    /// `expectedVersion` (when given); 409 otherwise. Admins only.
    ///
    /// The last active admin can be neither demoted nor deactivated (422 naming `role` or
    /// `active`, in `language`): the active admins' rows are locked while this is checked,
    /// so two admins demoting each other at once cannot both succeed. Deactivating a user
    /// ends their browser sessions; their tokens stop working because `user(tokenHash:)`
    /// reads `active`. A role change needs nothing more: sessions and tokens read the role
    /// on every request (the token cache aside, which the caller empties).
    public func update(_ id: String, _ patch: UserPatch, expectedVersion: Int?, actor: Actor, language: Language = .en,
                       _ conn: any SQLConnection) throws -> User {
        try actor.require(.administer)
        let current = try get(id, conn)
        try requireVersion(entity: "user", id: id, actual: current.version, expected: expectedVersion ?? patch.version)
        var user = current
        user.apply(patch)
        try user.validate()
        let changes = FieldChange.between(current, user)
        guard !changes.isEmpty else { return current }
        if current.role == .admin, current.active, !(user.role == .admin && user.active) {
            let admins = try conn.query("SELECT id FROM users WHERE role = 'admin' AND active = 1 ORDER BY id" + conn.dialect.forUpdate, [])
            if !admins.contains(where: { $0.string("id") != id }) {
                let (field, key) = user.active ? ("role", "user.last_admin_role") : ("active", "user.last_admin_active")
                throw CarnetError.validation([FieldError(field, L10n.text(key, language))])
            }
        }
        user.version = current.version + 1
        user.updatedAt = context.clock.now
        guard try conn.execute("UPDATE users SET name = ?, role = ?, active = ?, locale = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
                               [.text(user.name), .text(user.role.rawValue), .bool(user.active), .text(user.locale), .int(user.version),
                                .date(user.updatedAt), .text(id), .int(current.version)]) == 1
        else {
            throw CarnetError.versionConflict(entity: "user", id: id, expected: current.version, actual: try get(id, conn).version)
        }
        if !user.active { try WebSessionService(clock: context.clock).deleteAll(userID: id, conn) }
        try log.audit(changes, entity: "user", id: id, actor: actor, conn)
        try log.event(EventType.updated("user"), entity: "user", id: id, actor: actor, payload: FieldChange.payload(changes), conn)
        return user
    }

    /// Stores a new token's hash for a user; the clear token is shown once by the caller and never stored.
    public func addToken(userID: String, name: String, tokenHash: String, actor: Actor, _ conn: any SQLConnection) throws -> String {
        let user = try get(userID, conn)
        if actor.userID != user.id { try actor.require(.administer) }
        let now = context.clock.now
        let id = EntityID.make(IDPrefix.token, at: now)
        try conn.execute("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                         [.text(id), .text(user.id), .text(name), .text(tokenHash), .date(now)])
        try log.event(EventType.created("token"), entity: "token", id: id, actor: actor, payload: .object(["user_id": .string(user.id), "name": .string(name)]), conn)
        return id
    }

    /// The active user owning a live token with this hash.
    public func user(tokenHash: String, _ conn: any SQLConnection) throws -> User? {
        try conn.queryOne(
            "SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1",
            [.text(tokenHash)]
        ).map(Self.user)
    }

    /// Replaces a user's password hash (the user themself, or an admin); the event says only
    /// that it changed.
    public func setPassword(userID: String, passwordHash: String, actor: Actor, _ conn: any SQLConnection) throws {
        let user = try get(userID, conn)
        if actor.userID != user.id { try actor.require(.administer) }
        try conn.execute("UPDATE users SET password_hash = ?, version = version + 1, updated_at = ? WHERE id = ?",
                         [.text(passwordHash), .date(context.clock.now), .text(user.id)])
        try log.event("user.password_changed", entity: "user", id: user.id, actor: actor, payload: .object([:]), conn)
    }

    /// The live API tokens of a user, newest first: id, name and creation time, never the token.
    public func tokens(userID: String, _ conn: any SQLConnection) throws -> [(id: String, name: String, createdAt: Date)] {
        try conn.query("SELECT id, name, created_at FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL ORDER BY id DESC", [.text(userID)])
            .map { ($0.string("id") ?? "", $0.string("name") ?? "", $0.date("created_at") ?? Date(timeIntervalSince1970: 0)) }
    }

    /// Revokes a token by id.
    public func revokeToken(_ id: String, actor: Actor, _ conn: any SQLConnection) throws {
        guard let row = try conn.queryOne("SELECT user_id FROM api_tokens WHERE id = ?", [.text(id)]) else {
            throw CarnetError.notFound(entity: "token", id: id)
        }
        if actor.userID != row.string("user_id") { try actor.require(.administer) }
        try conn.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ?", [.date(context.clock.now), .text(id)])
        try log.event("token.revoked", entity: "token", id: id, actor: actor, payload: .object([:]), conn)
    }

    static func user(_ row: SQLRow) -> User {
        var user = User(id: row.string("id") ?? "", email: row.string("email") ?? "", name: row.string("name") ?? "",
                        role: row.string("role").flatMap(Role.init(rawValue:)) ?? .readonly, at: row.date("created_at") ?? Date(timeIntervalSince1970: 0))
        user.passwordHash = row.string("password_hash")
        user.active = row.bool("active")
        user.locale = row.string("locale") ?? "en"
        user.version = row.int("version") ?? 1
        user.updatedAt = row.date("updated_at") ?? user.createdAt
        return user
    }
}
