// The budget hook and the watchdog's check.
//
// In C because the hook is a lua_Hook that raises the budget error with luaL_error,
// which unwinds with longjmp: no Swift frame may be between it and the run's pcall.

#include "state.h"

static const char *budget_name(int budget) {
    switch (budget) {
    case CARNET_BUDGET_CPU: return "CPU time";
    case CARNET_BUDGET_WALL: return "wall time";
    case CARNET_BUDGET_MEMORY: return "memory";
    case CARNET_BUDGET_HOST_CALLS: return "host call";
    default: return "unknown";
    }
}

int carnet_trip(carnet_state *state, carnet_budget budget) {
    int expected = CARNET_BUDGET_NONE;
    return atomic_compare_exchange_strong(&state->tripped, &expected, (int)budget);
}

/// The one-shot count hook (count 1: it runs before the next instruction).
///
/// Armed for a spent budget it raises the budget error and stays armed, so every
/// further instruction raises it again: a `pcall` loop or an error handler cannot
/// swallow it. Armed without a spent budget (a hook left from an earlier run), it
/// disarms itself.
static void budget_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    carnet_state *state = carnet_state_of(L);
    int tripped = atomic_load(&state->tripped);
    if (tripped == CARNET_BUDGET_NONE) {
        lua_sethook(L, NULL, 0, 0);
        return;
    }
    if (!state->acknowledged) {
        state->acknowledged = 1;
        if (!state->stop_location[0]) carnet_locate(L, 0, state->stop_location);
        carnet_arm_all(state);  // from the run's own thread: every coroutine stops too
    }
    luaL_error(L, "%s budget exceeded", budget_name(tripped));
}

/// Hooks belong to one Lua thread, so every coroutine of the run is armed.
///
/// lua_sethook is safe from a signal handler (see the comment above it in ldebug.c);
/// from the watchdog thread it races, in a window of nanoseconds, with the run
/// returning from a function whose CallInfo the collector then frees. The watchdog
/// therefore calls this at most once per run (`armed`), when a budget is spent, and
/// never on a healthy run: the run's own thread does every later arming.
void carnet_arm_all(carnet_state *state) {
    atomic_store(&state->armed, 1);
    lua_sethook(state->L, budget_hook, LUA_MASKCOUNT, 1);
    pthread_mutex_lock(&state->threads_lock);
    for (size_t i = 0; i < state->thread_count; i++)
        lua_sethook(state->threads[i], budget_hook, LUA_MASKCOUNT, 1);
    pthread_mutex_unlock(&state->threads_lock);
}

void carnet_watch(carnet_state *state) {
    if (atomic_load(&state->tripped) == CARNET_BUDGET_NONE) {
        int64_t wall_deadline = atomic_load_explicit(&state->wall_deadline, memory_order_relaxed);
        int64_t cpu_deadline = atomic_load_explicit(&state->cpu_deadline, memory_order_relaxed);
        if (cpu_deadline == 0 && state->cpu_budget > 0 && atomic_load(&state->cpu_start) == CARNET_CPU_UNREAD) {
            // First look at this run: read its CPU clock once, charging it all the wall time so far.
            int64_t cpu_now = carnet_clock_ns(atomic_load(&state->cpu_clock));
            int64_t start = cpu_now - (carnet_clock_ns(CLOCK_MONOTONIC) - state->wall_start);
            atomic_store(&state->cpu_start, start);
            cpu_deadline = start + state->cpu_budget;
            atomic_store(&state->cpu_deadline, cpu_deadline);
        }
        if (wall_deadline > 0 && carnet_clock_ns(CLOCK_MONOTONIC) >= wall_deadline)
            carnet_trip(state, CARNET_BUDGET_WALL);
        else if (cpu_deadline > 0 && carnet_clock_ns(atomic_load(&state->cpu_clock)) >= cpu_deadline)
            carnet_trip(state, CARNET_BUDGET_CPU);
    }
    if (atomic_load(&state->tripped) != CARNET_BUDGET_NONE && !atomic_load(&state->armed))
        carnet_arm_all(state);
}
