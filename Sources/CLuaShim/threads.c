// The registry of the coroutines a run creates.
//
// In C because the watchdog thread reads the list while the run adds to it: it is a
// plain array under a mutex, next to the lua_State pointers it must not outlive.

#include "state.h"
#include <stdlib.h>

static const char anchor_key = 0;  // registry[&anchor_key]: the run's coroutines, kept alive while listed

/// sandbox coroutine.create → track(co): anchors the thread and lists it.
static int track_thread(lua_State *L) {
    carnet_state *state = carnet_state_of(L);
    lua_State *thread = lua_tothread(L, 1);
    luaL_argexpected(L, thread != NULL, 1, "thread");
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &anchor_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &anchor_key);
    }
    lua_pushvalue(L, 1);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    pthread_mutex_lock(&state->threads_lock);
    if (state->thread_count == state->thread_capacity) {
        size_t capacity = state->thread_capacity ? state->thread_capacity * 2 : 16;
        lua_State **grown = realloc(state->threads, capacity * sizeof *grown);
        if (grown == NULL) {
            pthread_mutex_unlock(&state->threads_lock);
            return luaL_error(L, "not enough memory to register a coroutine");
        }
        state->threads = grown;
        state->thread_capacity = capacity;
    }
    state->threads[state->thread_count++] = thread;
    pthread_mutex_unlock(&state->threads_lock);
    if (atomic_load(&state->armed)) carnet_arm_all(state);  // created after the run was stopped
    return 0;
}

/// sandbox coroutine.resume/wrap/close → untrack(co) once the coroutine is dead.
static int untrack_thread(lua_State *L) {
    carnet_state *state = carnet_state_of(L);
    lua_State *thread = lua_tothread(L, 1);
    luaL_argexpected(L, thread != NULL, 1, "thread");
    pthread_mutex_lock(&state->threads_lock);
    for (size_t i = 0; i < state->thread_count; i++) {
        if (state->threads[i] == thread) {
            state->threads[i] = state->threads[--state->thread_count];
            break;
        }
    }
    pthread_mutex_unlock(&state->threads_lock);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &anchor_key) == LUA_TTABLE) {
        lua_pushvalue(L, 1);
        lua_pushnil(L);
        lua_rawset(L, -3);
    }
    return 0;
}

void carnet_push_thread_registry(lua_State *L) {
    lua_pushcfunction(L, track_thread);
    lua_pushcfunction(L, untrack_thread);
}

void carnet_threads_clear(carnet_state *state) {
    pthread_mutex_lock(&state->threads_lock);
    state->thread_count = 0;
    pthread_mutex_unlock(&state->threads_lock);
    lua_pushnil(state->L);
    lua_rawsetp(state->L, LUA_REGISTRYINDEX, &anchor_key);
}
