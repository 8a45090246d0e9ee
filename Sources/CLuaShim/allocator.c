// The capped allocator.
//
// In C because Lua calls it through a lua_Alloc pointer on every allocation, from
// inside the VM and the collector, where no Swift may run.

#include "state.h"
#include <stdlib.h>

/// Tracks the bytes the state holds and refuses growth beyond the run's limit.
///
/// Lua answers a refused allocation by running an emergency collection and asking
/// again; only the second refusal of the same request trips the memory budget, so
/// garbage left by earlier runs never counts against a run. A refusal Lua does not
/// retry (a string buffer, `string.rep`) raises "not enough memory" without tripping:
/// the cap held and the state is intact.
void *carnet_allocate(void *ud, void *block, size_t old_size, size_t new_size) {
    carnet_state *state = ud;
    size_t old = block ? old_size : 0;  // without a block, old_size is a type tag
    if (new_size == 0) {
        free(block);
        state->used -= old;
        return NULL;
    }
    if (new_size > old && state->enforcing) {
        size_t growth = new_size - old;
        if (state->used > state->limit || growth > state->limit - state->used) {
            if (state->pending_block == block && state->pending_size == new_size) {
                state->refused = new_size;
                if (carnet_trip(state, CARNET_BUDGET_MEMORY)) carnet_arm_all(state);
            } else {
                state->pending_block = block;
                state->pending_size = new_size;
            }
            return NULL;
        }
    }
    void *grown = realloc(block, new_size);
    if (grown == NULL) return NULL;  // the system is out of memory: Lua raises its error
    state->used = state->used - old + new_size;
    if (state->used > state->peak) state->peak = state->used;
    if (new_size > old) state->pending_size = 0;
    return grown;
}
