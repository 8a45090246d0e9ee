import CLua
import CLuaShim
import CarnetCore

/// A value the host hands to a Lua function: it pushes itself onto the stack.
///
/// ``LuaValue`` is one; a hook's event pushes its tables straight from the record's JSON,
/// without building a ``LuaValue`` first, because before-hooks run on every change.
public protocol LuaArgument {
    /// Pushes one value; false if the Lua stack cannot grow (nothing is left pushed then).
    /// Called with the allocator relaxed, so no push can raise.
    func push(onto L: OpaquePointer) -> Bool
}

extension LuaValue: LuaArgument {}

extension JSONValue: LuaArgument {
    /// Pushes the value as ``LuaValue/init(_:)`` converts it: null is nil, whole numbers within
    /// ±2^53 are integers.
    public func push(onto L: OpaquePointer) -> Bool {
        guard lua_checkstack(L, 3) != 0 else { return false }
        switch self {
        case .null: lua_pushnil(L)
        case .bool(let value): lua_pushboolean(L, value ? 1 : 0)
        case .number(let value):
            if value.rounded() == value, abs(value) <= 9_007_199_254_740_992 {
                lua_pushinteger(L, lua_Integer(value))
            } else {
                lua_pushnumber(L, value)
            }
        case .string(let value): LuaValue.push(value, onto: L)
        case .array(let items):
            lua_createtable(L, Int32(clamping: items.count), 0)
            for (offset, item) in items.enumerated() {
                guard item.push(onto: L) else { carnet_lua_pop(L, 1); return false }
                lua_rawseti(L, -2, lua_Integer(offset + 1))
            }
        case .object(let members):
            lua_createtable(L, 0, Int32(clamping: members.count))
            for (key, member) in members {
                if case .null = member { continue }
                LuaValue.push(key, onto: L)
                guard member.push(onto: L) else { carnet_lua_pop(L, 2); return false }
                lua_rawset(L, -3)
            }
        }
        return true
    }
}
