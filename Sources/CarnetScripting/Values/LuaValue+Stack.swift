import CLua
import CLuaShim

/// Why a Lua value could not cross into Swift, and where inside it.
struct LuaConversionError: Error {
    /// The path inside the value, e.g. `.contacts[2].email`; empty at the top.
    var path: String
    var reason: String

    func described(as subject: String) -> String {
        path.isEmpty ? "\(subject) \(reason)" : "\(subject) \(reason) (at \(path))"
    }
}

extension LuaValue {
    /// How deep tables may nest when crossing; deeper (or cyclic) tables are refused.
    static let maximumDepth = 100

    /// Reads the value at `index` without calling any metamethod and without leaving
    /// anything on the stack.
    static func read(_ L: OpaquePointer, at index: Int32) throws(LuaConversionError) -> LuaValue {
        try read(L, at: lua_absindex(L, index), depth: 0, path: "")
    }

    private static func read(_ L: OpaquePointer, at index: Int32, depth: Int, path: String) throws(LuaConversionError) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .bool(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(lua_tointegerx(L, index, nil))) }
            return .number(Double(lua_tonumberx(L, index, nil)))
        case LUA_TSTRING:
            return .string(try text(L, at: index, path: path))
        case LUA_TTABLE:
            return try readTable(L, at: index, depth: depth, path: path)
        case let type:
            let name = String(cString: lua_typename(L, type))
            throw LuaConversionError(path: path, reason: "is a \(name); only nil, booleans, numbers, strings and tables cross to the host")
        }
    }

    /// The string at `index`, which must be a Lua string; Lua strings are bytes, and
    /// only valid UTF-8 crosses.
    static func text(_ L: OpaquePointer, at index: Int32, path: String = "") throws(LuaConversionError) -> String {
        var length = 0
        guard let bytes = lua_tolstring(L, index, &length) else {
            throw LuaConversionError(path: path, reason: "is not a string")
        }
        let buffer = UnsafeRawBufferPointer(start: bytes, count: length).bindMemory(to: UInt8.self)
        guard let string = String(validating: buffer, as: UTF8.self) else {
            throw LuaConversionError(path: path, reason: "is not valid UTF-8 text")
        }
        return string
    }

    private static func readTable(_ L: OpaquePointer, at index: Int32, depth: Int, path: String) throws(LuaConversionError) -> LuaValue {
        guard depth < maximumDepth, lua_checkstack(L, 3) != 0 else {
            throw LuaConversionError(path: path, reason: "nests tables deeper than \(maximumDepth) levels (or contains itself)")
        }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        var members: [String: LuaValue] = [:]
        var elements: [Int64: LuaValue] = [:]
        lua_pushnil(L)
        while lua_next(L, index) != 0 {
            switch lua_type(L, -2) {
            case LUA_TSTRING:
                let key = try text(L, at: -2, path: path)
                members[key] = try read(L, at: lua_absindex(L, -1), depth: depth + 1, path: path + "." + key)
            case LUA_TNUMBER where lua_isinteger(L, -2) != 0:
                let key = Int64(lua_tointegerx(L, -2, nil))
                elements[key] = try read(L, at: lua_absindex(L, -1), depth: depth + 1, path: path + "[\(key)]")
            default:
                let name = String(cString: lua_typename(L, lua_type(L, -2)))
                throw LuaConversionError(path: path, reason: "has a \(name) key; tables cross with string keys or as sequences 1..n")
            }
            carnet_lua_pop(L, 1)
        }
        if elements.isEmpty { return .object(members) }
        guard members.isEmpty else {
            throw LuaConversionError(path: path, reason: "mixes string and integer keys; tables cross with string keys or as sequences 1..n")
        }
        guard let last = elements.keys.max(), last == elements.count, elements.keys.min() == 1 else {
            throw LuaConversionError(path: path, reason: "has integer keys that are not a sequence 1..n")
        }
        return .array((1...last).map { elements[$0]! })
    }

    /// Pushes the value; false if the Lua stack cannot grow (nothing is left pushed then).
    ///
    /// Call only with the allocator relaxed (outside a protected call, or inside a host
    /// call), so that no push can raise.
    public func push(onto L: OpaquePointer) -> Bool {
        guard lua_checkstack(L, 3) != 0 else { return false }
        switch self {
        case .nil: lua_pushnil(L)
        case .bool(let value): lua_pushboolean(L, value ? 1 : 0)
        case .integer(let value): lua_pushinteger(L, lua_Integer(value))
        case .number(let value): lua_pushnumber(L, lua_Number(value))
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
                if case .nil = member { continue }  // a table holds no nil: nothing to set
                LuaValue.push(key, onto: L)
                guard member.push(onto: L) else { carnet_lua_pop(L, 2); return false }
                lua_rawset(L, -3)
            }
        }
        return true
    }

    /// Pushes a Swift string as a Lua string (its UTF-8 bytes).
    static func push(_ string: String, onto L: OpaquePointer) {
        var string = string
        string.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { _ = lua_pushlstring(L, $0.baseAddress, $0.count) }
        }
    }
}
