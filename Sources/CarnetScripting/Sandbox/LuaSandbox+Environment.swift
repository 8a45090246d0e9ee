import CLua
import CLuaShim

extension LuaSandbox {
    /// The sandbox's own functions behind the trampoline: negative ids, not counted as
    /// host calls.
    enum SandboxFunction: lua_Integer {
        /// `check_pattern(function, subject, pattern, init, plain)`: the refusal of a
        /// pattern call whose worst case does not fit in the run's remaining CPU time.
        case checkPattern = -1
        /// `now()`: the runtime clock's time, in whole seconds since 1970.
        case now = -2
        /// `__index(event, key)` of a hook's event: pushes a field the host converts only
        /// when the script reads it (``LazyEventFields``), and keeps it in the table.
        case eventField = -3
    }

    /// The registry key of the metatable of hooks' events (see ``SandboxFunction/eventField``).
    static let eventMetatableKey = "carnet.event"

    /// Opens the allowed libraries, runs the prelude, then drops every path back to the
    /// full library. Returns the registry reference of the runs' `_ENV` metatable.
    func buildEnvironment(_ state: OpaquePointer) -> Int32 {
        let L = carnet_state_lua(state)!
        let registry = carnet_lua_registryindex()
        let libraries: [(String, lua_CFunction)] = [
            ("_G", luaopen_base), ("string", luaopen_string), ("table", luaopen_table), ("math", luaopen_math),
            ("utf8", luaopen_utf8), ("coroutine", luaopen_coroutine), ("os", luaopen_os),
        ]
        for (name, open) in libraries {
            luaL_requiref(L, name, open, 1)
            carnet_lua_pop(L, 1)
        }
        var prelude = SandboxPrelude.source
        let status = prelude.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                carnet_load_text(state, $0.baseAddress, $0.count, CARNET_PRELUDE_CHUNKNAME, 0)
            }
        }
        precondition(status == LUA_OK, "the sandbox prelude does not compile: \(errorMessage(L))")
        lua_rawgeti(L, registry, lua_Integer(LUA_RIDX_GLOBALS))
        carnet_push_thread_registry(L)
        carnet_push_guard_factory(L)
        carnet_push_host_function(L, SandboxFunction.checkPattern.rawValue)
        carnet_push_host_function(L, SandboxFunction.now.rawValue)
        pushHostTable(L)
        let built = carnet_run_pcall(state, 7, 1)
        precondition(built == LUA_OK, "the sandbox prelude failed: \(errorMessage(L))")
        let metatable = luaL_ref(L, registry)

        carnet_lua_newtable(L)
        carnet_push_host_function(L, SandboxFunction.eventField.rawValue)
        lua_setfield(L, -2, "__index")
        lua_pushboolean(L, 0)
        lua_setfield(L, -2, "__metatable")
        lua_setfield(L, registry, Self.eventMetatableKey)

        carnet_lua_newtable(L)
        lua_rawseti(L, registry, lua_Integer(LUA_RIDX_GLOBALS))
        lua_pushnil(L)
        lua_setfield(L, registry, LUA_LOADED_TABLE)
        return metatable
    }

    /// The real `crm` table: nested tables of trampolines, one per host function, whose
    /// upvalue is the function's index in `functions`, and `settings`. The prelude freezes it.
    private func pushHostTable(_ L: OpaquePointer) {
        carnet_lua_newtable(L)
        let root = lua_gettop(L)
        for (id, function) in functions.enumerated() {
            let names = function.path.split(separator: ".").dropFirst().map(String.init)
            precondition(lua_checkstack(L, Int32(names.count) + 2) != 0, "host function path too deep: \(function.path)")
            lua_pushvalue(L, root)
            for name in names.dropLast() {
                LuaValue.push(name, onto: L)
                if lua_rawget(L, -2) != LUA_TTABLE {
                    carnet_lua_pop(L, 1)
                    carnet_lua_newtable(L)
                    LuaValue.push(name, onto: L)
                    lua_pushvalue(L, -2)
                    lua_rawset(L, -4)
                }
            }
            LuaValue.push(names.last!, onto: L)
            carnet_push_host_function(L, lua_Integer(id))
            lua_rawset(L, -3)
            lua_settop(L, root)
        }
        LuaValue.push("settings", onto: L)
        precondition(LuaValue.object(settings).push(onto: L), "plugin settings nest too deeply")
        lua_rawset(L, root)
    }
}
