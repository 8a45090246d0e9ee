// The capped allocator.
//
// In C because Lua calls it through a lua_Alloc pointer on every allocation, from
// inside the VM and the collector, where no Swift may run.

#include "state.h"
#include <stdlib.h>
#include <string.h>

/// Tracks the bytes the state holds and refuses growth beyond the run's limit.
///
/// Where it can, Lua answers a refused allocation with an emergency collection and the
/// same request again; if that retry succeeds, the garbage of earlier runs made room and
/// nothing trips. A refusal that is not retried at once (string buffers do not retry)
/// or whose retry is refused too trips the memory budget: so a script that catches
/// "not enough memory" and tries again is still stopped.
void *carnet_allocate(void *ud, void *block, size_t old_size, size_t new_size) {
    carnet_state *state = ud;
    size_t old = block ? old_size : 0;  // without a block, old_size is a type tag
    if (new_size == 0) {
        free(block);
        state->used -= old;
        return NULL;
    }
    if (new_size > old && state->enforcing) {
        int retry = state->pending_size == new_size && state->pending_block == block;
        if (state->pending_size != 0 && !retry) carnet_refusal_stands(state);
        size_t growth = new_size - old;
        if (state->used > state->limit || growth > state->limit - state->used) {
            if (retry) {
                carnet_refusal_stands(state);
            } else {
                state->pending_block = block;
                state->pending_size = new_size;
                // Where the main thread is (the resume call, when a coroutine runs): a memory
                // error has no message handler to tell. Reading the running thread's call
                // stack at an allocation point is what Lua's own runtime errors do.
                carnet_locate(state->L, 0, state->refusal_location);
            }
            return NULL;
        }
        state->pending_size = 0;
    }
    void *grown = realloc(block, new_size);
    if (grown == NULL) return NULL;  // the system is out of memory: Lua raises its error
    state->used = state->used - old + new_size;
    if (state->used > state->peak) state->peak = state->used;
    return grown;
}

void carnet_refusal_stands(carnet_state *state) {
    state->refused = state->pending_size;
    if (!state->stop_location[0]) memcpy(state->stop_location, state->refusal_location, sizeof state->stop_location);
    state->pending_size = 0;
    if (carnet_trip(state, CARNET_BUDGET_MEMORY)) carnet_arm_all(state);
}
