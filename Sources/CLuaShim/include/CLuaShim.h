// The C glue between Carnet's scripting layer and Lua 5.4: only what Swift cannot express.
//
// A `carnet_state` is one Lua state with its capped allocator, the budget state of
// the run in progress, the coroutines that run registered, and the host callback
// that the one trampoline calls. Swift sees it as an opaque pointer.

#ifndef CARNET_LUA_SHIM_H
#define CARNET_LUA_SHIM_H

#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#include <stddef.h>
#include <stdint.h>

/// The chunk name of the sandbox's own Lua code; error locations skip its frames.
#define CARNET_PRELUDE_CHUNKNAME "=carnet.sandbox"

typedef struct carnet_state carnet_state;

/// Which budget a run spent (`carnet_run_tripped`).
typedef enum carnet_budget {
    CARNET_BUDGET_NONE = 0,
    CARNET_BUDGET_CPU = 1,
    CARNET_BUDGET_WALL = 2,
    CARNET_BUDGET_MEMORY = 3,
    CARNET_BUDGET_HOST_CALLS = 4,
} carnet_budget;

/// What a run used, measured when it ended.
typedef struct carnet_run_usage {
    int64_t wall_ns;
    int64_t cpu_ns;
    size_t memory_peak;
    /// The size of the allocation the cap refused when the memory budget tripped, else 0.
    size_t memory_refused;
    int64_t host_calls;
} carnet_run_usage;

/// Called by the trampoline for every host function. Returns how many results it
/// pushed, or -1 after pushing an error message, which the trampoline raises from C.
/// Non-negative ids are the host's functions (counted against the host-call budget);
/// negative ids are the sandbox's own helpers (not counted).
typedef int (*carnet_host_callback)(void *context, lua_State *L, lua_Integer function_id);

// MARK: - State

/// A new state whose allocator counts bytes; NULL if the system is out of memory.
carnet_state *carnet_state_new(carnet_host_callback callback, void *context);
/// Closes the Lua state and frees everything.
void carnet_state_close(carnet_state *state);
/// The main Lua thread of the state.
lua_State *carnet_state_lua(const carnet_state *state);
/// Bytes the state holds now.
size_t carnet_state_memory(const carnet_state *state);

/// Compiles a text chunk (mode "t": bytecode is refused) with the allocator capped at
/// `memory_limit`; leaves the function or an error message on the stack.
int carnet_load_text(carnet_state *state, const char *text, size_t size,
                     const char *chunkname, size_t memory_limit);

// MARK: - Runs

/// Starts a run on the calling thread: deadlines from now, counters reset.
/// A budget of 0 (nanoseconds, bytes or calls) means no limit.
void carnet_run_begin(carnet_state *state, int64_t wall_budget_ns, int64_t cpu_budget_ns,
                      size_t memory_limit, int64_t host_call_limit);
/// Calls the function below `nargs` arguments under the run's budgets, with a message
/// handler that records where the error was raised. Same results as `lua_pcall`.
int carnet_run_pcall(carnet_state *state, int nargs, int nresults);
/// Ends the run: measures it, disarms the hooks and forgets its coroutines.
/// Call only after the watchdog has stopped watching the state.
void carnet_run_end(carnet_state *state);
/// The budget the run spent, or CARNET_BUDGET_NONE.
carnet_budget carnet_run_tripped(carnet_state *state);
/// What the last run used (valid after `carnet_run_end`).
carnet_run_usage carnet_run_usage_of(const carnet_state *state);
/// "file:line" where the budget hook stopped the run (for memory: where the refused
/// allocation was asked for), or NULL.
const char *carnet_run_stop_location(const carnet_state *state);
/// "file:line" where the run's uncaught error was raised, or NULL.
const char *carnet_run_error_location(const carnet_state *state);
/// CPU time the run may still use, in nanoseconds (INT64_MAX without a CPU budget).
int64_t carnet_run_cpu_remaining_ns(carnet_state *state);

// MARK: - Watchdog

/// Called by the watchdog thread on every active run: trips the wall or CPU budget
/// when spent, and then arms the budget hook on every Lua thread of the run, once.
void carnet_watch(carnet_state *state);

// MARK: - Sandbox building

/// Pushes a Lua function that calls the host callback with `function_id`.
void carnet_push_host_function(lua_State *L, lua_Integer function_id);
/// Pushes the two functions the sandbox's coroutine library uses to register and
/// unregister the coroutines a run creates, so the watchdog can stop each of them.
void carnet_push_thread_registry(lua_State *L);
/// Pushes `guarded(guard, f)`, which puts a Lua guard in front of a library C function
/// `f` while keeping the error messages of `f` as they are (see guarded.c).
void carnet_push_guard_factory(lua_State *L);

/// Names the calling thread, as debuggers and `top -H` show it (15 bytes are kept).
void carnet_name_current_thread(const char *name);

// MARK: - Lua macros, as functions Swift can call

/// lua_pop is a macro.
static inline void carnet_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
/// lua_newtable is a macro.
static inline void carnet_lua_newtable(lua_State *L) { lua_newtable(L); }
/// LUA_REGISTRYINDEX is an expression over LUAI_MAXSTACK, which Swift does not import.
static inline int carnet_lua_registryindex(void) { return LUA_REGISTRYINDEX; }

#endif
