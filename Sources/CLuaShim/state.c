// State lifetime, protected calls and run bookkeeping.

#include "state.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Reached only if Lua raises outside every protected call, which the shim never
/// does on purpose. In C because it is a lua_CFunction run with no frame to return to.
static int panic(lua_State *L) {
    const char *message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object is not a string)";
    fprintf(stderr, "carnet: unprotected Lua error: %s\n", message);
    return 0;  // Lua aborts
}

carnet_state *carnet_state_new(carnet_host_callback callback, void *context) {
    carnet_state *state = calloc(1, sizeof *state);
    if (state == NULL) return NULL;
    state->limit = SIZE_MAX;
    state->callback = callback;
    state->context = context;
    atomic_init(&state->wall_deadline, 0);
    atomic_init(&state->cpu_deadline, 0);
    atomic_init(&state->cpu_clock, CLOCK_MONOTONIC);
    atomic_init(&state->cpu_start, CARNET_CPU_UNREAD);
    state->cpu_budget = 0;
    atomic_init(&state->tripped, CARNET_BUDGET_NONE);
    atomic_init(&state->armed, 0);
    pthread_mutex_init(&state->threads_lock, NULL);
    state->L = lua_newstate(carnet_allocate, state);
    if (state->L == NULL) {
        pthread_mutex_destroy(&state->threads_lock);
        free(state);
        return NULL;
    }
    lua_atpanic(state->L, panic);
    return state;
}

void carnet_state_close(carnet_state *state) {
    lua_close(state->L);
    pthread_mutex_destroy(&state->threads_lock);
    free(state->threads);
    free(state);
}

lua_State *carnet_state_lua(const carnet_state *state) { return state->L; }

size_t carnet_state_memory(const carnet_state *state) { return state->used; }

/// In C so the allocator's refusals stay confined to Lua's own protected parser.
int carnet_load_text(carnet_state *state, const char *text, size_t size,
                     const char *chunkname, size_t memory_limit) {
    state->limit = memory_limit > 0 ? memory_limit : SIZE_MAX;
    state->pending_size = 0;
    state->enforcing = 1;
    int status = luaL_loadbufferx(state->L, text, size, chunkname, "t");
    state->enforcing = 0;
    return status;
}

void carnet_locate(lua_State *L, int level, char *location) {
    lua_Debug ar;
    location[0] = '\0';
    for (; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar)) return;
        if (ar.currentline > 0 && strcmp(ar.source, CARNET_PRELUDE_CHUNKNAME) != 0) {
            snprintf(location, CARNET_LOCATION_SIZE, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
}

/// The runs' message handler: notes where the error was raised and returns the error
/// object untouched. It never converts the object to text: a `__tostring` would run
/// plugin code with hooks disabled.
static int message_handler(lua_State *L) {
    carnet_locate(L, 1, carnet_state_of(L)->error_location);
    return 1;
}

void carnet_run_begin(carnet_state *state, int64_t wall_budget_ns, int64_t cpu_budget_ns,
                      size_t memory_limit, int64_t host_call_limit) {
    clockid_t cpu_clock = CLOCK_MONOTONIC;  // without a per-thread CPU clock, CPU time is wall time
#if defined(__linux__)
    if (pthread_getcpuclockid(pthread_self(), &cpu_clock) != 0) cpu_clock = CLOCK_MONOTONIC;
#endif
    state->wall_start = carnet_clock_ns(CLOCK_MONOTONIC);
    state->cpu_budget = cpu_budget_ns > 0 ? cpu_budget_ns : 0;
    atomic_store(&state->cpu_start, CARNET_CPU_UNREAD);
    state->host_calls = 0;
    state->host_call_limit = host_call_limit;
    state->limit = memory_limit > 0 ? memory_limit : SIZE_MAX;
    state->peak = state->used;
    state->pending_size = 0;
    state->refused = 0;
    state->acknowledged = 0;
    state->stop_location[0] = '\0';
    state->refusal_location[0] = '\0';
    state->error_location[0] = '\0';
    atomic_store(&state->cpu_clock, (int)cpu_clock);
    atomic_store(&state->wall_deadline, wall_budget_ns > 0 ? state->wall_start + wall_budget_ns : 0);
    atomic_store(&state->cpu_deadline, 0);
    atomic_store(&state->armed, 0);
    atomic_store(&state->tripped, CARNET_BUDGET_NONE);
}

/// In C because lua_pcall is a macro and the message handler is a lua_CFunction.
int carnet_run_pcall(carnet_state *state, int nargs, int nresults) {
    lua_State *L = state->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    state->enforcing = 1;
    int status = lua_pcall(L, nargs, nresults, base);
    state->enforcing = 0;
    lua_remove(L, base);
    return status;
}

void carnet_run_end(carnet_state *state) {
    if (state->pending_size != 0) carnet_refusal_stands(state);
    state->usage.wall_ns = carnet_clock_ns(CLOCK_MONOTONIC) - state->wall_start;
    // A run the watchdog never saw was shorter than a tick: its wall time bounds its CPU time.
    int64_t cpu_start = atomic_load(&state->cpu_start);
    state->usage.cpu_ns = cpu_start == CARNET_CPU_UNREAD ? state->usage.wall_ns
                                                         : carnet_clock_ns(atomic_load(&state->cpu_clock)) - cpu_start;
    state->usage.memory_peak = state->peak;
    state->usage.memory_refused = state->refused;
    state->usage.host_calls = state->host_calls;
    atomic_store(&state->wall_deadline, 0);
    atomic_store(&state->cpu_deadline, 0);
    lua_sethook(state->L, NULL, 0, 0);
    carnet_threads_clear(state);
    state->limit = SIZE_MAX;
}

carnet_budget carnet_run_tripped(carnet_state *state) {
    return (carnet_budget)atomic_load(&state->tripped);
}

carnet_run_usage carnet_run_usage_of(const carnet_state *state) { return state->usage; }

const char *carnet_run_stop_location(const carnet_state *state) {
    return state->stop_location[0] ? state->stop_location : NULL;
}

const char *carnet_run_error_location(const carnet_state *state) {
    return state->error_location[0] ? state->error_location : NULL;
}

int64_t carnet_run_cpu_remaining_ns(carnet_state *state) {
    if (state->cpu_budget == 0) return INT64_MAX;
    int64_t deadline = atomic_load(&state->cpu_deadline);
    if (deadline == 0) {
        // Not read yet: count all the wall time since the start as CPU time.
        int64_t remaining = state->cpu_budget - (carnet_clock_ns(CLOCK_MONOTONIC) - state->wall_start);
        return remaining > 0 ? remaining : 0;
    }
    int64_t remaining = deadline - carnet_clock_ns(atomic_load(&state->cpu_clock));
    return remaining > 0 ? remaining : 0;
}
