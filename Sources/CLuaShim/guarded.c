// Library functions with a guard in front.
//
// In C because the library function must run in the guarded function's own frame: its
// errors then name the caller's line and the function as the caller named it, exactly
// as without the guard. A Lua wrapper would show up in every message
// ("carnet.sandbox:60: bad argument #1 to 'find'").

#include "state.h"

/// Upvalues: the guard (a Lua function), the library function (a C function without
/// upvalues). Calls guard(args...): if it returns true, its other results are the
/// call's results; if it returns false, its other results replace the arguments;
/// otherwise the library function runs with the arguments as they are.
static int guarded_call(lua_State *L) {
    int nargs = lua_gettop(L);
    luaL_checkstack(L, nargs + 1, "too many arguments");
    lua_pushvalue(L, lua_upvalueindex(1));
    for (int i = 1; i <= nargs; i++) lua_pushvalue(L, i);
    lua_call(L, nargs, LUA_MULTRET);
    int results = lua_gettop(L) - nargs - 1;
    if (results >= 0 && lua_isboolean(L, nargs + 1)) {
        if (lua_toboolean(L, nargs + 1)) return results;
        for (int i = 1; i <= results; i++) lua_copy(L, nargs + 1 + i, i);
        lua_settop(L, results);
    } else {
        lua_settop(L, nargs);
    }
    return lua_tocfunction(L, lua_upvalueindex(2))(L);
}

/// sandbox `guarded(guard, library_function)` → the guarded function.
static int make_guarded(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    luaL_argexpected(L, lua_tocfunction(L, 2) != NULL && lua_getupvalue(L, 2, 1) == NULL, 2,
                     "C function without upvalues");
    lua_settop(L, 2);
    lua_pushcclosure(L, guarded_call, 2);
    return 1;
}

void carnet_push_guard_factory(lua_State *L) {
    lua_pushcfunction(L, make_guarded);
}
