import CarnetCore

/// The owners a page offers in a `<select>`: the active users, the signed-in one first as
/// "me", then the others by name; a selected user no longer active stays in the list, so
/// saving a form never changes an owner by itself.
enum OwnerOptions {
    static func options(_ users: [User], me: String?, selected: String?, language: Language) -> [[String: Any]] {
        let shown = users.filter { $0.active || $0.id == selected }
            .sorted { ($0.id == me ? 0 : 1, $0.name.lowercased(), $0.id) < ($1.id == me ? 0 : 1, $1.name.lowercased(), $1.id) }
        return shown.map { user in
            ["id": user.id, "selected": user.id == selected,
             "name": user.id == me ? L10n.text("web.owner_me", language, ["name": user.name]) : user.name] as [String: Any]
        }
    }
}
