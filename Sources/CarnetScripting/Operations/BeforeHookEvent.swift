import CLua
import CLuaShim
import CarnetCore
import CarnetStore

/// The table a before-hook gets: the event's type, phase, entity and actor, for deals the
/// stages moved between (`from`, `to`), and, converted only when the hook reads them
/// (``LazyEventFields``), the record as it would be stored (with the fields earlier hooks
/// set), the previous record and the fields that change.
///
/// A class: the run's argument list and its context both hold it, and a copy of the change
/// would retain every one of its strings each time.
final class BeforeHookEvent: LuaArgument {
    let type: String
    let change: PendingChange
    let record: JSONValue

    init(type: String, change: PendingChange, record: JSONValue) {
        self.type = type
        self.change = change
        self.record = record
    }

    /// Fields every update changes, left out of `changes`.
    static let bookkeeping: Set<String> = ["version", "updated_at"]

    func push(onto L: OpaquePointer) -> Bool {
        guard lua_checkstack(L, 4) != 0 else { return false }
        lua_createtable(L, 0, 8)
        set("type", type, L)
        set("phase", "before", L)
        set("entity", change.entity, L)
        set("entity_id", change.entityID, L)
        if let actor = change.actor.userID { set("actor_id", actor, L) }
        if change.entity == "deal" {
            if case .object(let new) = record, case .string(let to)? = new["stage"] { set("to", to, L) }
            if case .object(let old)? = change.previous, case .string(let from)? = old["stage"] { set("from", from, L) }
        }
        lua_getfield(L, carnet_lua_registryindex(), LuaSandbox.eventMetatableKey)
        _ = lua_setmetatable(L, -2)
        return true
    }

    /// `record`, `previous` (nil on create) and `changes` (field → `{old, new}`, nil on create).
    func pushField(_ key: String, onto L: OpaquePointer) -> Bool {
        switch key {
        case "record":
            return record.push(onto: L)
        case "previous":
            return change.previous?.push(onto: L) ?? false
        case "changes":
            guard case .object(let new) = record, case .object(let old)? = change.previous, lua_checkstack(L, 6) != 0 else { return false }
            lua_createtable(L, 0, 4)
            for (field, value) in new where !Self.bookkeeping.contains(field) {
                let before = old[field] ?? .null
                guard before != value else { continue }
                LuaValue.push(field, onto: L)
                lua_createtable(L, 0, 2)
                guard before.push(onto: L) else { carnet_lua_pop(L, 3); return false }
                lua_setfield(L, -2, "old")
                guard value.push(onto: L) else { carnet_lua_pop(L, 3); return false }
                lua_setfield(L, -2, "new")
                lua_rawset(L, -3)
            }
            return true
        default:
            return false
        }
    }

    private func set(_ key: String, _ value: String, _ L: OpaquePointer) {
        LuaValue.push(value, onto: L)
        lua_setfield(L, -2, key)
    }
}
