// The layout of carnet_state, private to the shim.

#ifndef CARNET_STATE_H
#define CARNET_STATE_H

#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE  // clock_gettime and pthread_getcpuclockid under a strict -std=c11
#endif

#include "CLuaShim.h"
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define CARNET_LOCATION_SIZE (LUA_IDSIZE + 24)

/// `cpu_start` before the watchdog read the run's CPU clock.
#define CARNET_CPU_UNREAD (-1)

struct carnet_state {
    lua_State *L;
    carnet_host_callback callback;
    void *context;

    // Allocator. Touched only by the thread running the state.
    size_t used;
    size_t peak;
    size_t limit;
    /// Refusals happen only while Lua runs under a protected call, never while Swift
    /// is on the stack (building the sandbox, pushing arguments, inside a host call).
    int enforcing;
    /// The growth request refused last, until Lua retries it (see carnet_allocate).
    const void *pending_block;
    size_t pending_size;
    /// The request whose refusal tripped the memory budget.
    size_t refused;

    // Budgets of the run. Atomic: the watchdog thread reads them.
    atomic_llong wall_deadline;
    /// 0 until the watchdog first sees the run and reads its CPU clock (see cpu_start).
    atomic_llong cpu_deadline;
    atomic_int cpu_clock;
    /// The run's thread CPU time at its start, or CARNET_CPU_UNREAD: reading a thread's CPU
    /// clock is a system call (about a microsecond), so a run shorter than a watchdog tick
    /// never pays it. The watchdog sets it on its first look at the run, conservatively:
    /// the CPU clock then, less all the wall time since the start.
    atomic_llong cpu_start;
    int64_t cpu_budget;
    atomic_int tripped;
    /// Set once the hook has been armed for the tripped budget, so the watchdog
    /// calls lua_sethook from its own thread at most once per run.
    atomic_int armed;
    /// Set by the hook the first time it stops the run.
    int acknowledged;

    // Run figures, on the running thread.
    int64_t wall_start;
    int64_t host_calls;
    int64_t host_call_limit;
    carnet_run_usage usage;
    char stop_location[CARNET_LOCATION_SIZE];
    char refusal_location[CARNET_LOCATION_SIZE];
    char error_location[CARNET_LOCATION_SIZE];

    // Coroutines created by the run, shared with the watchdog under `threads_lock`.
    pthread_mutex_t threads_lock;
    lua_State **threads;
    size_t thread_count;
    size_t thread_capacity;
};

/// The carnet_state of any Lua thread: the allocator's user data.
static inline carnet_state *carnet_state_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (carnet_state *)ud;
}

/// Nanoseconds on a clock; 0 if the clock cannot be read.
static inline int64_t carnet_clock_ns(clockid_t clock) {
    struct timespec now;
    if (clock_gettime(clock, &now) != 0) return 0;
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

void *carnet_allocate(void *ud, void *block, size_t old_size, size_t new_size);
/// The pending refusal was not retried, or its retry was refused: trips the memory budget.
void carnet_refusal_stands(carnet_state *state);
/// Marks the budget as spent unless another was spent first; returns whether this one won.
int carnet_trip(carnet_state *state, carnet_budget budget);
/// Arms the budget hook on the main thread and every registered coroutine.
void carnet_arm_all(carnet_state *state);
/// Forgets the run's coroutines (run end).
void carnet_threads_clear(carnet_state *state);
/// Writes "file:line" of the first Lua frame at or above `level` that is not the
/// sandbox's own code into `location` (CARNET_LOCATION_SIZE bytes); no allocation.
void carnet_locate(lua_State *L, int level, char *location);

#endif
