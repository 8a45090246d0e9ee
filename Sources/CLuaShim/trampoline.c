// The one lua_CFunction behind every host function.
//
// In C because errors must be raised here, with lua_error, after the Swift callback
// has returned: a longjmp through Swift frames would skip their cleanup.

#include "state.h"

/// Counts the call against the host-call budget, runs the Swift callback with the
/// allocator relaxed (so no Lua call made from Swift can raise), then raises the
/// callback's error, if any, prefixed with the caller's line as luaL_error does, or
/// the memory budget if the results overran it.
static int trampoline(lua_State *L) {
    carnet_state *state = carnet_state_of(L);
    lua_Integer function_id = lua_tointeger(L, lua_upvalueindex(1));
    if (function_id >= 0) {
        if (atomic_load(&state->tripped) == CARNET_BUDGET_HOST_CALLS)
            return luaL_error(L, "host call budget exceeded");
        state->host_calls += 1;
        if (state->host_call_limit > 0 && state->host_calls > state->host_call_limit) {
            if (carnet_trip(state, CARNET_BUDGET_HOST_CALLS)) carnet_arm_all(state);
            return luaL_error(L, "host call budget exceeded");
        }
    }
    int enforcing = state->enforcing;
    state->enforcing = 0;
    int results = state->callback(state->context, L, function_id);
    state->enforcing = enforcing;
    if (results < 0) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
        return lua_error(L);
    }
    if (enforcing && state->used > state->limit) {
        if (carnet_trip(state, CARNET_BUDGET_MEMORY)) carnet_arm_all(state);
        return luaL_error(L, "memory budget exceeded");
    }
    return results;
}

void carnet_push_host_function(lua_State *L, lua_Integer function_id) {
    lua_pushinteger(L, function_id);
    lua_pushcclosure(L, trampoline, 1);
}
